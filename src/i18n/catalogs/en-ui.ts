/** English strings of the interactive UI (src/ui). Part of the English catalog. */
export const enUi = {
} as const;
