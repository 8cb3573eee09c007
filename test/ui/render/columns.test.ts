import { expect, test } from 'vitest';
import { fitRow } from '../../../src/ui/render/columns.js';
import { displayWidth } from '../../../src/ui/render/wrap.js';

/** A title and a status on one row: the status whole, ending at the edge; the title cut with "…". */

test.each([100, 80, 60, 30])('at %i columns the status ends at the edge and is never cut', (width) => {
  for (const status of ['· not run', '✔ passed · 88 ms', '✘ failed · 1.2 s', '✔ 通过 · 88 毫秒']) {
    const row = fitRow('3/11 A step title long enough to need cutting on any of these terminals, or nearly', status, width);
    expect(row.endsWith(status)).toBe(true);
    expect(displayWidth(row)).toBe(width);
  }
});

test('a short title is not cut; a long one ends with an ellipsis, wide characters kept whole', () => {
  expect(fitRow('1/2 Short', '· not run', 40)).toBe(`1/2 Short${' '.repeat(40 - 9 - 9)}· not run`);
  const cut = fitRow('1/2 查看这台计算机上的容器进程和它们的命名空间', '· 未运行', 30);
  expect(cut).toMatch(/…\s+· 未运行$/);
  expect(displayWidth(cut)).toBe(30);
});
