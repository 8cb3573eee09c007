import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { loadMarkdown, renderMarkdown } from '../../src/ui/render/markdown.js';

/**
 * Markdown a renderer does not take as emphasis is shown as written: `**进程隔离。**容器` keeps its
 * asterisks, because CommonMark closes `**` after punctuation only before a space or punctuation. No
 * shipped lab shows a learner raw `**` marks, in any language.
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');
const LANGS = ['en', 'es', 'fr', 'zh-CN'] as const;
const shipped = readdirSync(LABS)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''));

beforeAll(async () => {
  await loadMarkdown();
});

describe.each(shipped)('the prose of %s', (id) => {
  test.each(LANGS)('in %s: no ** mark left on screen', (lang) => {
    const loaded = loadLab(join(LABS, `${id}.md`), lang, LABS);
    const text = localize(loaded.lab, loaded.translation);
    const prose = [text.intro, ...Object.values(text.steps).map((s) => s.prose)];
    const raw = prose.flatMap((p) => renderMarkdown(p, 100, false)).filter((l) => l.replace(/`[^`]*`/g, '').includes('**'));
    expect(raw).toEqual([]);
  });
});
