import { describe, expect, it } from 'vitest';
import { csvCell, formatOfFile, mdText } from '../../src/class/formats.js';

/**
 * The exports carry what learners typed. A spreadsheet must not run a name as a formula, and a
 * Markdown viewer must not read one as HTML or as a table's next column.
 */
describe('CSV', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['Ana, the first', '"Ana, the first"'],
    ['two\nlines', '"two\nlines"'],
    ['plain', 'plain'],
  ])('writes %j as %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('Markdown', () => {
  it('shows a hostile name as text: no tag, no table break, no emphasis', () => {
    expect(mdText('<img src=x onerror=alert(1)> | *x* [a](b)')).toBe('&lt;img src=x onerror=alert(1)&gt; \\| \\*x\\* \\[a\\](b)');
    expect(mdText('one\ntwo')).toBe('one two');
  });
});

describe('the output format of class merge', () => {
  it('comes from the file name', () => {
    expect([
      formatOfFile('class.html'),
      formatOfFile('a.HTM'),
      formatOfFile('x.md'),
      formatOfFile('x.json'),
      formatOfFile('x.csv'),
    ]).toEqual(['html', 'html', 'md', 'json', 'csv']);
    expect(formatOfFile('class.pdf')).toBeUndefined();
  });
});
