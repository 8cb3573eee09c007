import { describe, expect, it } from 'vitest';
import { labText, parse, problemsOf } from '../helpers/lab.js';

/**
 * Issue 19, item 7: a command shown to the learner must be the command that runs. A command that runs
 * holds only characters that print as themselves (printable ASCII, tab, newline): an allowlist. Each
 * of these passed lint inside a command and printed unmarked.
 */
const lab = (command: string, fence = 'sh') => labText(`## Run\n\n<!-- isolab step: run -->\n\n\`\`\`${fence}\n${command}\n\`\`\`\n`);

describe('a command that runs holds only characters that print as themselves', () => {
  it.each([
    ['a soft hyphen', 'U+00AD', 'ec\u00ADho hi'],
    ['a Hangul filler', 'U+3164', 'echo \u3164hi'],
    ['a line separator', 'U+2028', 'echo hi\u2028rm -rf x'],
    ['a no-break space', 'U+00A0', 'echo\u00A0hi'],
    ['a tag character', 'U+E0041', 'echo hi\u{E0041}'],
    ['an en dash', 'U+2013', 'docker run \u2013isolation=hyperv x'],
    ['a Cyrillic o', 'U+043E', 'ech\u043E hi'],
  ])('%s (%s) is refused with file:line and a hint', (_what, code, command) => {
    const text = `${lab('echo first line')}`.replace('echo first line', `echo first line\n${command}`);
    const [p, ...rest] = problemsOf(text);
    expect(rest).toEqual([]);
    expect(`${p!.file}:${p!.line}: ${p!.message}`).toBe(`lab.md:12: character <${code}> in a command does not print as itself`);
    expect(p!.hint).toMatch(/printable ASCII, tabs and newlines only/);
  });

  it('in PowerShell too', () => {
    expect(problemsOf(lab('Write-Output\u00A0hi', 'powershell {platform=linux}')).map((p) => p.message)).toEqual([
      'character <U+00A0> in a command does not print as itself',
    ]);
  });

  it('tabs, newlines and every printable ASCII character are fine', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
      .join('')
      .replaceAll("'", '');
    expect(() => parse(lab(`printf '%s\\n' '${ascii}'\n\tprintf 'tab'`))).not.toThrow();
  });

  it('reading material ({norun}) may quote text as it is, but still no bidi or zero-width character', () => {
    expect(() => parse(labText('## Read\n\n<!-- isolab step: read -->\n\n```sh {norun}\necho «bonjour»\u00A0!\n```\n'))).not.toThrow();
    expect(
      problemsOf(labText('## Read\n\n<!-- isolab step: read -->\n\n```sh {norun}\necho \u202Eabc\n```\n')).map((p) => p.message),
    ).toEqual(['invisible character <U+202E> in a command']);
  });
});
