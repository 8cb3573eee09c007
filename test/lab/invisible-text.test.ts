import { describe, expect, it } from 'vitest';
import { labText, lineOf, parse, problemsOf } from '../helpers/lab.js';

/**
 * Trojan Source in a lab's words: a bidi override, an isolate or a zero-width character makes what a
 * learner reads differ from what the file says (a verdict read backwards, two names that look the
 * same). Lint refuses every invisible formatting character (Unicode's Cf, and the line and paragraph
 * separators) in prose and in check text, with file:line and a hint. None of isolab's four languages
 * (en, es, fr, zh-CN) needs one; commands already allow printable ASCII only.
 */
const step = (annotation: string, prose = 'Some prose.', hint = '') =>
  labText(`## Run it\n\n<!-- isolab\nstep: run\n${annotation}\n-->\n\n${prose}\n\n\`\`\`sh\necho ok\n\`\`\`\n${hint}`);

const CHARACTERS: [string, string, string][] = [
  ['a zero-width space', 'U+200B', '\u200B'],
  ['a left-to-right mark', 'U+200E', '\u200E'],
  ['a right-to-left override', 'U+202E', '\u202E'],
  ['a left-to-right isolate', 'U+2066', '\u2066'],
  ['a pop directional isolate', 'U+2069', '\u2069'],
  ['a byte-order mark inside the text', 'U+FEFF', '\uFEFF'],
  ['a soft hyphen', 'U+00AD', '\u00AD'],
  ['an Arabic letter mark', 'U+061C', '\u061C'],
  ['a word joiner', 'U+2060', '\u2060'],
  ['a line separator', 'U+2028', '\u2028'],
  ['a tag character', 'U+E0041', '\u{E0041}'],
];

const said = (text: string) => problemsOf(text).map((p) => `${p.file}:${p.line}: ${p.message}`);

describe('lint refuses invisible characters in what a learner reads', () => {
  it.each(CHARACTERS)('%s (%s) in prose: file:line, what, and a hint', (_what, code, char) => {
    const text = step('checks:\n  - exit: 0', `The sleep is ${char}process 1.`);
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(`${p!.file}:${p!.line}: ${p!.message}`).toBe(
      `lab.md:${lineOf(text, 'The sleep is')}: invisible character <${code}> in the lab's text`,
    );
    expect(p!.hint).toMatch(/Trojan Source/);
  });

  it('in a step title, a hint, the front matter and an example output', () => {
    const title = labText('## Run \u202Eit\n\n<!-- isolab step: run -->\n\n```sh\necho ok\n```\n');
    expect(said(title)).toEqual([`lab.md:${lineOf(title, '## Run')}: invisible character <U+202E> in the lab's text`]);
    const hint = step('checks:\n  - exit: 0', 'Prose.', '\n> Hint: it \u2067works\u2069\n');
    expect(said(hint)).toEqual([`lab.md:${lineOf(hint, '> Hint')}: invisible character <U+2067> in the lab's text`]);
    const front = labText('## Run\n\n<!-- isolab step: run -->\n\n```sh\necho ok\n```\n', 'id: t\ntitle: T\u200Bitle\nplatforms: [linux]');
    expect(said(front)).toEqual(["lab.md:3: invisible character <U+200B> in the lab's text"]);
    const example = labText('## Run\n\n<!-- isolab step: run -->\n\n```sh\necho ok\n```\n\n```text\no\u200Dk\n```\n');
    expect(said(example)).toEqual([`lab.md:${lineOf(example, 'o\u200Dk')}: invisible character <U+200D> in the lab's text`]);
  });

  it('in check text: a verdict word and a pattern shown to learners, written as the character', () => {
    const pass = step('checks:\n  - exit: 0\n    pass: "The sleep is \u202Enot\u202C process 1."');
    expect(said(pass)).toEqual([`lab.md:${lineOf(pass, 'pass:')}: invisible character <U+202E> in the lab's text`]);
    const pattern = step("checks:\n  - stdout: { contains: 'o\u200Bk' }");
    expect(said(pattern)).toEqual([`lab.md:${lineOf(pattern, 'contains')}: invisible character <U+200B> in the lab's text`]);
  });

  it('in check text written as a YAML escape, which the file shows as plain ASCII', () => {
    const fail = step('checks:\n  - exit: 0\n    fail: "It \\u202Eworked."');
    expect(said(fail)).toEqual([`lab.md:${lineOf(fail, '- exit')}: invisible character <U+202E> in the lab's text`]);
    const pattern = step('checks:\n  - stdout: { matches: "^o\\u200Bk$" }');
    expect(said(pattern)).toEqual([`lab.md:${lineOf(pattern, 'matches')}: invisible character <U+200B> in the lab's text`]);
    const front = labText(
      '## Run\n\n<!-- isolab step: run -->\n\n```sh\necho ok\n```\n',
      'id: t\ntitle: T\nsummary: "a \\u2066b"\nplatforms: [linux]',
    );
    expect(said(front)).toEqual(["lab.md:4: invisible character <U+2066> in the lab's text"]);
  });

  it('a byte-order mark that starts the file is no text: the lab loads', () => {
    expect(() => parse(`\uFEFF${step('checks:\n  - exit: 0')}`)).not.toThrow();
  });

  it('what the four languages write is fine: accents, guillemets, no-break spaces, CJK punctuation', () => {
    const prose = 'Él dice «hola»\u00A0; le labo\u202F! 这台计算机上的进程：一个。';
    expect(() => parse(step('checks:\n  - exit: 0\n    pass: "«ok»\u00A0: 好。"', prose))).not.toThrow();
  });
});
