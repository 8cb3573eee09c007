import { beforeAll, expect, test } from 'vitest';
import { loadMarkdown, renderMarkdown } from '../../../src/ui/render/markdown.js';
import { wrapHanging } from '../../../src/ui/render/wrap.js';
import { displayWidth } from '../../../src/ui/render/wrap.js';

/** Prose, recaps and hints wrap to the pane, a list item's lines hanging under its text. */

beforeAll(async () => {
  await loadMarkdown();
});

const RECAP = `What this machine showed:

- the process in the container had PID 4242 on this machine, and PID 1 inside the container, because of its PID namespace
- 2 containers were started from one image`;

test.each([100, 80, 60])('at %i columns a long list item fits and its wrapped lines hang under its text', (width) => {
  const lines = renderMarkdown(RECAP, width - 2, false);
  for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width - 2);
  const first = lines.findIndex((l) => l.includes('the process in the container'));
  const textAt = lines[first]!.indexOf('the process');
  expect(lines[first + 1]!.slice(0, textAt).trim()).toBe(''); // a continuation, not a new item
  expect(lines[first + 1]![textAt]).not.toBe(' ');
  expect(lines.filter((l) => /^\s*[*•-] /.test(l))).toHaveLength(2);
});

test('a Chinese list item hangs too, broken between characters', () => {
  const lines = renderMarkdown(
    '- 容器中的进程在这台计算机上的 PID 是 4242，而在容器内部是 1，因为它有自己的 PID 命名空间，所以两个数字不同。',
    30,
    false,
  );
  expect(lines.length).toBeGreaterThan(1);
  for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
  const textAt = lines[0]!.indexOf('容');
  for (const l of lines.slice(1)) expect(l.slice(0, textAt).trim()).toBe('');
});

test('a line with nothing to hang under wraps as before', () => {
  expect(wrapHanging('one two three four five six', 10)).toEqual(['one two', 'three four', 'five six']);
  expect(wrapHanging('  1. first second third', 14)).toEqual(['  1. first', '     second', '     third']);
});
