import { displayWidth, wrapLine } from './wrap.js';

/**
 * A Markdown table drawn for a terminal `width` columns wide. A table drawn at its natural width and
 * then wrapped like prose breaks its rows in the middle of their cells (hyperv-isolation's runc /
 * gVisor / Hyper-V table at 100 columns): here the columns are fitted to the width, each cell wrapping
 * inside its own column; when even its longest words cannot sit side by side, each row becomes a short
 * list ("• row: header: cell"), which reads at any width. Cells are inline text already rendered
 * (styled or not); their words are never broken.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], width: number): string[] {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const all = [header, ...rows].map((r) => Array.from({ length: columns }, (_, i) => (r[i] ?? '').trim()));
  const widths = fitColumns(all, width);
  return widths ? drawGrid(all, widths) : drawList(all, width);
}

/** Runs of Chinese (Japanese, Korean) characters: a line may break between any two of them. */
const UNSPACED = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F]/u;

/** The widest unbreakable piece of a cell (a word, or one Chinese character): the narrowest its column can be. */
function longestWord(cell: string): number {
  const words = cell.split(new RegExp(`\\s+|${UNSPACED.source}`, 'u')).map(displayWidth);
  return Math.max(UNSPACED.test(cell) ? 2 : 0, ...words);
}

/**
 * Widths of the columns (text only, borders apart) that fit `width`: each column its natural width
 * when all fit; otherwise a share of the room in proportion to its natural width, never narrower than
 * its longest word. Undefined when the longest words alone do not fit side by side.
 */
export function fitColumns(cells: readonly (readonly string[])[], width: number): number[] | undefined {
  const columns = cells[0]?.length ?? 0;
  if (!columns) return undefined;
  // "│ a │ b │": a bar before each column and after the last, a space on each side of a cell.
  const room = width - (3 * columns + 1);
  const natural = Array.from({ length: columns }, (_, c) => Math.max(1, ...cells.map((r) => displayWidth(r[c]!))));
  const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);
  if (sum(natural) <= room) return natural;
  const least = Array.from({ length: columns }, (_, c) => Math.max(1, ...cells.map((r) => longestWord(r[c]!))));
  if (sum(least) > room) return undefined;
  const widths = natural.map((n, c) => Math.min(n, Math.max(least[c]!, Math.floor((room * n) / sum(natural)))));
  // Too wide (a column kept its longest word): the widest columns that can give, give.
  while (sum(widths) > room) {
    const c = widths.reduce((best, w, i) => (w - least[i]! > widths[best]! - least[best]! ? i : best), 0);
    widths[c]! -= 1;
  }
  // Room left (rounding): to the columns that lack the most.
  while (sum(widths) < room) {
    const c = widths.reduce((best, w, i) => (natural[i]! - w > natural[best]! - widths[best]! ? i : best), 0);
    if (widths[c]! >= natural[c]!) break;
    widths[c]! += 1;
  }
  return widths;
}

function drawGrid(cells: readonly (readonly string[])[], widths: readonly number[]): string[] {
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
  const row = (r: readonly string[]) => {
    const wrapped = r.map((cell, c) => (cell ? wrapLine(cell, widths[c]!) : ['']));
    const height = Math.max(...wrapped.map((w) => w.length));
    return Array.from({ length: height }, (_, i) => `│ ${wrapped.map((w, c) => pad(w[i] ?? '', widths[c]!)).join(' │ ')} │`);
  };
  const out = [rule('┌', '┬', '┐')];
  cells.forEach((r, i) => {
    if (i > 0) out.push(rule('├', '┼', '┤'));
    out.push(...row(r));
  });
  out.push(rule('└', '┴', '┘'));
  return out;
}

/**
 * One short list per row: its first cell, then each other cell after its column's header and a dash
 * (the header is the lab's words, in its language: the dash needs no translation).
 */
function drawList(cells: readonly (readonly string[])[], width: number): string[] {
  const [header = [], ...rows] = cells;
  const out: string[] = [];
  const item = (text: string, first: string, rest: string) =>
    wrapLine(text, Math.max(10, width - rest.length)).map((l, i) => (i ? rest : first) + l);
  for (const r of rows) {
    if (out.length) out.push('');
    out.push(...item(r[0] || header[0] || '', '• ', '  '));
    r.slice(1).forEach((cell, i) => {
      const name = header[i + 1];
      if (cell || name) out.push(...item(`${name ? `${name} — ` : ''}${cell}`, '    ', '      '));
    });
  }
  return out;
}
