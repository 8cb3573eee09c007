import { expect, test } from 'vitest';
import { proseLines } from '../../../src/ui/linear/say.js';

test('a paragraph is one line to hear, its Markdown marks gone: no "star star" read out, code kept as written', () => {
  const markdown = [
    'The answer is a kernel feature called **namespaces**: a namespace gives a',
    'process its own view. A *user namespace* makes you root, and `ls /proc/*/ns` lists them;',
    'so does `*.md` with _care_.',
    '',
    '- first item, which goes on',
    'on a second line',
    '- second item',
    '',
    '| a | b |',
    '| 1 | 2 |',
  ].join('\n');
  expect(proseLines(markdown)).toEqual([
    'The answer is a kernel feature called namespaces: a namespace gives a process its own view. A user namespace makes you root, and ls /proc/*/ns lists them; so does *.md with care.',
    '- first item, which goes on on a second line',
    '- second item',
    '| a | b |',
    '| 1 | 2 |',
  ]);
});
