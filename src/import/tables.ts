import { parseTable, type Table } from '../check/table.js';

/**
 * The table a docs page shows as a command's output, if it is one: a header of column names (not
 * "NSpid: 4821" or "PING 127.0.0.1 (…)") over at least one row.
 */
export function tableOf(text: string): Table | undefined {
  const header = text.split('\n').find((l) => l.trim());
  if (!header) return undefined;
  const names = header.trim().split(/\s+/);
  if (names.length < 2 || !names.every((n) => /^[A-Za-z%#][\w()%/#.-]*$/.test(n) && !/^\d/.test(n))) return undefined;
  const table = parseTable(text);
  return table && table.rows.length > 0 ? table : undefined;
}

const PREFERRED = /^(CMD|COMMAND|COMM|ProcessName|Name|NAMES|IMAGE|USER|Owner|Type|STATUS)$/i;

/**
 * Cells worth matching in a check: the process or image name, not the PID, CPU time or memory that
 * change on every run. Preferred columns first; other columns only with values free of digits.
 */
export function stableCells(table: Table, row: Record<string, string>, exclude: (value: string) => boolean): [string, string][] {
  const volatile = (v: string) =>
    !v ||
    /^[\d.,:]+$/.test(v) ||
    /[0-9a-f]{8,}/i.test(v) ||
    /\d[:.]\d\d/.test(v) ||
    v.includes('...') ||
    v.includes('--') ||
    v.length > 40 ||
    exclude(v);
  const columns = [...table.columns].sort((a, b) => Number(PREFERRED.test(b)) - Number(PREFERRED.test(a)));
  return columns.map((c): [string, string] => [c, row[c]!.trim()]).filter(([c, v]) => !volatile(v) && (PREFERRED.test(c) || !/\d/.test(v)));
}
