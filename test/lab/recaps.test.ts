import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { recapOf } from '../../src/report/recap.js';
import { placeholdersIn } from '../../src/value/placeholders.js';

/**
 * A lab that captures this machine's values ends by saying what they showed: the end screen and the
 * reports restate its recap with them (report/recap.ts). Every shipped lab that captures a value has
 * one, in every language, made only of values the lab captures (or its constants), so that a run
 * that captured them all shows every point of it.
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const LANGS = ['en', 'es', 'fr', 'zh-CN'] as const;

const shipped = readdirSync(LABS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

describe.each(shipped)('the recap of %s', (id) => {
  const { lab } = loadLab(join(LABS, `${id}.md`), 'en', LABS);
  const captured = new Set(lab.steps.flatMap((s) => s.checks.flatMap((c) => (c.kind === 'capture' ? [c.capture.name] : []))));
  const known = new Set([...captured, ...Object.keys(lab.vars), 'run']);

  test.each(LANGS)('in %s: present when the lab captures a value, and built only from what it captures', (lang) => {
    if (!captured.size) return;
    const loaded = loadLab(join(LABS, `${id}.md`), lang, LABS);
    const text = localize(loaded.lab, loaded.translation);
    expect(text.recap, `${id} captures ${[...captured].join(', ')} but ends with no recap in ${lang}`).toBeTruthy();
    expect(placeholdersIn(text.recap!).filter((n) => !known.has(n))).toEqual([]);
    // With a value for every capture, nothing of it is left out (no point needs a value the lab never captures).
    const all = Object.fromEntries([...known].map((n) => [n, { value: `<${n}>` }]));
    expect(recapOf(text.recap, all)?.split('\n').length).toBe(text.recap!.split('\n').length);
  });
});

test('namespaces, container-host and hyperv-internals, which capture PIDs and kernel versions, are among the labs with a recap', () => {
  for (const id of ['namespaces', 'container-host', 'hyperv-internals'])
    expect(loadLab(join(LABS, `${id}.md`), 'en', LABS).lab.recap, id).toBeTruthy();
});
