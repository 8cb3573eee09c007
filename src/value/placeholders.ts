/** `{{name}}` placeholders: how captured values and lab vars enter commands and messages. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Any mention of ISOLAB_VALUE_ in any case: a value read from the environment, in some form. */
export const ENV_MENTION = /isolab_value_/gi;

/** Does the command mention ISOLAB_VALUE_ in any case (so may read a value from its environment)? */
export function mentionsValueEnv(code: string): boolean {
  ENV_MENTION.lastIndex = 0;
  return ENV_MENTION.test(code);
}

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** Replaces placeholders with `render(name)`; unknown names are left to the caller to reject earlier. */
export function fillPlaceholders(text: string, render: (name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => render(name));
}

/** Names every run provides without a capture. */
export const BUILTIN_VARS = ['run'] as const;
