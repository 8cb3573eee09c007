/** YAML scalars for the skeleton's annotations: single-quoted, so regexes keep their backslashes. */
export function q(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
