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
