/** `{{name}}` placeholders: how captured values and lab vars enter commands and messages. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Replaces placeholders with `render(name)`; unknown names are left to the caller to reject earlier. */
export function fillPlaceholders(text: string, render: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => render(name));
}

/** Names every run provides without a capture. */
export const BUILTIN_VARS = ['run'] as const;
