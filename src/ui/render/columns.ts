import stringWidth from 'string-width';

export { stringWidth };

/** The part of a (sanitized) line between columns `from` and `from + width`, wide characters kept whole. */
export function sliceColumns(line: string, from: number, width: number): string {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let col = 0;
  let out = '';
  for (const { segment } of segmenter.segment(line)) {
    const w = stringWidth(segment);
    if (col >= from && col + w <= from + width) out += segment;
    else if (col < from && col + w > from) out += ' '; // half of a wide character: its place stays
    col += w;
    if (col >= from + width) break;
  }
  return out;
}

/**
 * One row with `left` and `right` ending exactly at `width`: the right part (a status, a duration)
 * is kept whole, the left is cut with an ellipsis where it does not fit. Rows built this way line
 * up their right column, whatever language or title they show.
 */
export function fitRow(left: string, right: string, width: number): string {
  const rightWidth = stringWidth(right);
  const room = Math.max(0, width - rightWidth - 1);
  const shown = stringWidth(left) <= room ? left : `${sliceColumns(left, 0, Math.max(0, room - 1)).trimEnd()}…`;
  return `${shown}${' '.repeat(Math.max(1, width - stringWidth(shown) - rightWidth))}${right}`;
}
