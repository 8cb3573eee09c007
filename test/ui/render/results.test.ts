import { expect, test } from 'vitest';
import { resultLines } from '../../../src/ui/render/results.js';

test('a check not judged says which check it is, so several "? not judged" lines read apart', () => {
  const reason = 'not judged: the command failed (exit code 2), so its output proves nothing';
  const lines = resultLines({
    verdicts: [
      { checkId: 'nspid', status: 'notJudged', passed: false, detail: reason },
      { checkId: 'name', status: 'notJudged', passed: false, detail: reason },
    ],
    notes: [],
    details: false,
    hints: [],
    width: 100,
  });
  expect(lines.filter((l) => l.starts).map((l) => `${l.mark} ${l.text}`)).toEqual([`? nspid: ${reason}`, `? name: ${reason}`]);
});
