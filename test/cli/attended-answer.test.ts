import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';

/**
 * An attended run asks again when what was typed is not one of the question's answers (consent is
 * never read into a typo), and says so first, in the learner's language. It asked again in silence:
 * a Spanish learner typing "s" for "sí" at the cleanup question saw the same question come back with
 * no word of why (the fresh walk), while "s" there is no answer in any language.
 */
async function attended(lang: Locale, keys: { after: string; count: number; send?: string; key?: string }[], flags: string[] = []) {
  const marker = join(tempDir(), 'mark');
  const term = new Terminal(120, 50, `answer-${lang}-${flags.length}`);
  const env = { ISOLAB_STATE_DIR: tempDir(), ISOLAB_TEST_MARKER: marker, ISOLAB_LANG: lang, NO_COLOR: '1' };
  term.start([process.execPath, BIN, ...flags, 'run', join(ROOT, 'test/fixtures/consent-lab.md')], env, ROOT);
  const shows = (text: string, count: number) => (lines: string[]) => lines.join('\n').split(text).length - 1 >= count;
  try {
    for (const k of keys) {
      await term.waitFor(shows(k.after, k.count), `"${k.after}" (${k.count})`, 15_000);
      if (k.key) term.keys(k.key);
      else {
        term.keys('-l', k.send ?? '');
        term.keys('Enter');
      }
    }
    await term.waitFor(shows('[isolab exited with', 1), 'isolab exiting', 15_000);
    return { screen: term.screen(), ran: (name: string) => existsSync(`${marker}.${name}`) };
  } finally {
    term.close();
  }
}

test('"s" at the Spanish cleanup question is not taken for "sí": it is said not to be an answer, and asked again', async () => {
  loadCatalogs();
  const t = createTranslator('es');
  const cleanup = t('run.cleanupConfirm').split('?')[0]!;
  const r = await attended('es', [
    { after: cleanup, count: 1, send: 's' },
    { after: cleanup, count: 2, send: 'q' },
  ]);
  expect(r.screen).toContain(t('run.notAnAnswer', { typed: 's' }));
  expect(r.screen).toContain('[isolab exited with 1]');
  expect(r.ran('first') || r.ran('cleanup')).toBe(false);
}, 40_000);

test('a typo at the step question runs nothing, is said not to be an answer, and the question comes back', async () => {
  loadCatalogs();
  const t = createTranslator('en');
  const cleanup = t('run.cleanupConfirm').split('?')[0]!;
  const step = t('run.confirm').split('?')[0]!;
  const r = await attended('en', [
    { after: cleanup, count: 1, send: '' },
    { after: step, count: 1, send: 'yse' },
    { after: step, count: 2, send: 'q' },
  ]);
  const said = t('run.notAnAnswer', { typed: 'yse' });
  expect(said).toContain('"yse"');
  expect(r.screen).toContain(said);
  // The question came back after the word, and nothing of the step ran.
  expect(r.screen.indexOf(said)).toBeLessThan(r.screen.lastIndexOf(step));
  expect(r.ran('first')).toBe(false);
}, 40_000);

test('a tab typed in an answer is said as a space, so the line wraps as it reads', async () => {
  loadCatalogs();
  const t = createTranslator('en');
  const cleanup = t('run.cleanupConfirm').split('?')[0]!;
  const r = await attended('en', [
    { after: cleanup, count: 1, send: 'a\tb' },
    { after: cleanup, count: 2, send: 'q' },
  ]);
  expect(r.screen).toContain(t('run.notAnAnswer', { typed: 'a b' }));
}, 40_000);

/**
 * Ctrl+D (the end of input) at a question of a screen-reader run left the question waiting on a
 * closed input: isolab ended mid-run ("unsettled top-level await", exit 13) and the cleanup the
 * learner had agreed to never ran (the fresh walk). The end of input quits, as q does, and cleans up.
 */
test('Ctrl+D at a step question of a screen-reader run quits and runs the agreed cleanup', async () => {
  loadCatalogs();
  const t = createTranslator('en');
  const cleanup = t('sr.cleanupAnswer').split('?')[0]!;
  const step = t('sr.runAnswer').split('?')[0]!;
  const r = await attended(
    'en',
    [
      { after: cleanup, count: 1, send: '' },
      { after: step, count: 1, send: '' },
      { after: step, count: 2, key: 'C-d' },
    ],
    ['--screen-reader'],
  );
  expect(r.ran('first')).toBe(true);
  expect(r.ran('second')).toBe(false);
  expect(r.ran('cleanup')).toBe(true);
  expect(r.screen).not.toContain('unsettled top-level await');
  expect(r.screen).toContain('[isolab exited with 1]');
}, 40_000);
