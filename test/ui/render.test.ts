import { beforeAll, describe, expect, test } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';
import { localize } from '../../src/lab/localize.js';
import { readLab } from '../../src/lab/catalog.js';
import { Session } from '../../src/session/session.js';
import { fallbackLang } from '../../src/ui/labs.js';
import { loadMarkdown, renderMarkdown } from '../../src/ui/render/markdown.js';
import { outputTail, sanitizeLine } from '../../src/ui/render/text.js';
import { transcriptEntry } from '../../src/ui/render/transcript.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { FIXTURES } from './helpers.js';
import { join } from 'node:path';
import { editionOf } from '../../src/edition/edition.js';

describe('command output on screen', () => {
  test('colour codes, cursor movement and other control characters never reach the terminal', () => {
    expect(sanitizeLine('\u001B[31mred\u001B[0m and \u001B[2Jclear\u0007')).toBe('\\x1b[31mred\\x1b[0m and \\x1b[2Jclear\\x07');
    expect(sanitizeLine('downloading 10%\rdownloading 100%')).toBe('downloading 100%');
    expect(sanitizeLine('a\tb')).toBe('a       b');
  });

  test('the live tail keeps the last lines (with the unfinished one) and counts the rest', () => {
    const output = { lines: ['1', '2', '3', '4'], partial: '5', droppedLines: 10 };
    expect(outputTail(output, 3)).toEqual({ lines: ['3', '4', '5'], hidden: 12 });
    expect(outputTail({ lines: ['a', '', ''], partial: '', droppedLines: 0 }, 5)).toEqual({ lines: ['a'], hidden: 0 });
  });
});

describe('prose', () => {
  beforeAll(() => loadMarkdown());

  test('is reflowed to the width, with inline Markdown rendered in list items', () => {
    const lines = renderMarkdown(
      'A paragraph that is long enough to need wrapping at thirty columns.\n\n- item **two** with `code`',
      30,
      false,
    );
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
    expect(lines.join('\n')).toContain('item two with `code`');
    expect(lines.join('\n')).not.toContain('**');
  });

  test('without colour there are no escape codes, and inline code keeps its backticks', () => {
    const text = renderMarkdown('Run `ps` now, **then** look.', 80, false).join('\n');
    expect(text).toBe('Run `ps` now, then look.');
    expect(text).not.toContain('\u001B');
  });
});

describe('a finished step in the transcript', () => {
  test('shows the command, the output, each verdict with its teaching sentence, and the status', async () => {
    const lab = readLab(join(FIXTURES, 'ui-checks-lab.md'));
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }) });
    await session.runStep('fails');
    const t = createTranslator('en');
    const entry = transcriptEntry({
      key: 'k',
      stepId: 'fails',
      position: { index: 1, total: 4 },
      title: 'A command that fails',
      state: session.state,
      text: localize(lab),
      lab,
      t,
    });
    // As it reads on screen: the indent, the mark in its own column, the text.
    const text = entry.lines.map((l) => ' '.repeat(l.indent) + (l.mark !== undefined ? l.mark.padEnd(2) : '') + l.text);
    expect(text[0]).toMatch(/^✘ \[1\/4\] A command that fails — failed \(\d+ ms\)$/);
    expect(text).toContain('  $ echo "about to fail"');
    expect(text).toContain('    exit 3');
    expect(text).toContain('  │ about to fail');
    expect(text).toContain('  ✘ failed: The command did not end cleanly: a non-zero exit status means it failed.');
    expect(text).toContain('      clean-exit: exit status 3, expected 0');
    await session.cleanup();
  });
});

describe('a transcript line in the reader’s typography', () => {
  test('a cleanup step reads "清理：…" and "nettoyage : …", its duration "（27 毫秒）" (on main: "清理: …", "(27毫秒)")', async () => {
    const lab = readLab(join(FIXTURES, 'ui-checks-lab.md'));
    const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }) });
    await session.runStep('fails');
    const line = (locale: string, position?: { index: number; total: number }) =>
      transcriptEntry({
        key: 'k',
        stepId: 'fails',
        ...(position ? { position } : {}),
        title: 'T',
        state: session.state,
        text: localize(lab),
        lab,
        t: createTranslator(locale),
      }).lines[0]!.text;
    loadCatalogs();
    expect(line('zh-CN')).toMatch(/^清理：T — 失败（\d+ 毫秒）$/);
    expect(line('fr')).toMatch(/^nettoyage\u00A0: T — en échec \(\d+\u202Fms\)$/);
    expect(line('en', { index: 2, total: 4 })).toMatch(/^\[2\/4\] T — failed \(\d+ ms\)$/);
    await session.cleanup();
  });
});

test("text not in the learner's language is marked with the language it is in", () => {
  const lab = readLab(join(FIXTURES, 'process-lab.md'));
  const text = localize(lab);
  expect(fallbackLang(text, 'start', 'en', 'en')).toBeUndefined();
  expect(fallbackLang(text, 'start', 'es', 'en')).toBe('en');
  expect(fallbackLang({ ...text, lang: 'es', steps: { start: { ...text.steps.start!, state: 'missing' } } }, 'start', 'es', 'en')).toBe(
    'en',
  );
  expect(
    fallbackLang({ ...text, lang: 'es', steps: { start: { ...text.steps.start!, state: 'translated' } } }, 'start', 'es', 'en'),
  ).toBeUndefined();
});
