import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';

/**
 * A capture check with no sentence of its own falls back on isolab's generic words, which can say
 * only the value ("captured 6.1.0"), not what it means. Every capture check of a shipped lab says what
 * it found in words, in every language.
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const LANGS = ['en', 'es', 'fr', 'zh-CN'] as const;
const shipped = readdirSync(LABS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

describe.each(shipped)('the capture checks of %s', (id) => {
  test.each(LANGS)('in %s: each says what it captured in words', (lang) => {
    const loaded = loadLab(join(LABS, `${id}.md`), lang, LABS);
    const text = localize(loaded.lab, loaded.translation);
    const wordless = loaded.lab.steps.flatMap((s) =>
      s.checks.filter((c) => c.kind === 'capture' && !text.steps[s.id]?.verdicts[c.id]?.pass).map((c) => `${s.id}/${c.id}`),
    );
    expect(wordless).toEqual([]);
  });
});
