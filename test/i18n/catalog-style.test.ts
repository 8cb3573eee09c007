import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogStyleProblems } from '../../src/i18n/catalog-style.js';
import { loadGlossary } from '../../src/i18n/glossary.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'src/i18n/catalogs');
const en = createTranslator('en');
const FILES = readdirSync(DIR).filter((f) => /^(es|fr|zh-CN)-.+\.ts$/.test(f));

/** One translated catalog file's problems, as isolab lint words them: file:line: message [key]. */
async function problems(file: string): Promise<string[]> {
  const lang = /^(es|fr|zh-CN)-/.exec(file)![1]!;
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as Record<string, Record<string, string>>;
  const source = readFileSync(join(DIR, file), 'utf8');
  return catalogStyleProblems(lang, source, Object.values(mod)[0]!, loadGlossary(lang)).map(
    (p) => `src/i18n/catalogs/${file}:${p.line}: ${en(p.msg.key, p.msg.params)} [${p.key}]`,
  );
}

describe('the catalogs speak as the glossaries and each language’s typography say', () => {
  it('finds the translated catalogs (the scan itself works)', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(FILES)('%s', async (file) => {
    expect(await problems(file)).toEqual([]);
  });
});
