import type { Check } from './model.js';

/** Every pattern a check matches with, as the lab writes it (placeholders unfilled). */
export function checkPatterns(check: Check): { pattern: string; flags: string }[] {
  const out: { pattern: string; flags: string }[] = [];
  if (check.kind === 'text' && (check.matcher.kind === 'matches' || check.matcher.kind === 'notMatches'))
    out.push({ pattern: check.matcher.pattern, flags: check.matcher.flags });
  const table = check.kind === 'row' ? check.table : check.kind === 'capture' ? check.capture.table : undefined;
  if (table?.header) out.push({ pattern: table.header, flags: '' });
  for (const m of Object.values(table?.where ?? {})) if (m.kind === 'matches') out.push({ pattern: m.pattern, flags: m.flags });
  if (check.kind === 'capture') for (const r of check.capture.regex) out.push({ pattern: r.pattern, flags: r.flags });
  return out;
}
