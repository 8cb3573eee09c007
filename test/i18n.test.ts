import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/catalogs/en.js';
import { CATALOG_PARTS, loadCatalogs } from '../src/i18n/catalogs/index.js';
import { createTranslator } from '../src/i18n/translate.js';
import { SUPPORTED_LOCALES } from '../src/i18n/locale.js';
import { ROOT } from './helpers/cli.js';

// A translation may say a count together with its noun where its grammar wants the noun to agree with
// that count: {passedSteps} ("7 étapes réussies", report/counts.ts tallyText) stands for {passed}.
const SAME_VALUE: Record<string, string> = { passedSteps: 'passed' };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => SAME_VALUE[m[1]!] ?? m[1]).sort();

describe('UI catalogs', () => {
  const translated = SUPPORTED_LOCALES.filter((l) => l !== 'en');

  it.each(translated)('%s has every English key, with the same placeholders', (locale) => {
    const catalog = Object.assign({}, ...CATALOG_PARTS[locale]!) as Record<string, string>;
    const missing = Object.keys(en).filter((k) => !(k in catalog));
    expect(missing, `${locale} misses keys`).toEqual([]);
    const extra = Object.keys(catalog).filter((k) => !(k in en));
    expect(extra, `${locale} has keys English does not`).toEqual([]);
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(catalog[key]!), `${locale} ${key}`).toEqual(placeholders(text));
    }
  });

  it.each(translated)('%s is really translated (not English copied over)', (locale) => {
    const catalog = Object.assign({}, ...CATALOG_PARTS[locale]!) as Record<string, string>;
    // Words outside placeholders: "{error}" or "stdout" are the same in every language.
    const words = (s: string) => s.replace(/\{+\w+\}+/g, '');
    const same = Object.keys(en).filter((k) => catalog[k] === (en as Record<string, string>)[k] && /[a-z]{4,}/.test(words(catalog[k]!)));
    // A few strings are the same in every language (stdout, a bare placeholder): allow a handful.
    expect(same.length, `${locale}: ${same.join(', ')}`).toBeLessThan(8);
  });

  it('chooses plural forms with Intl.PluralRules', () => {
    loadCatalogs();
    const en1 = createTranslator('en');
    expect(en1('run.moreLines', { count: 1 })).toBe('… 1 more line');
    expect(en1('run.moreLines', { count: 2 })).toBe('… 2 more lines');
    // French uses the singular for 0 and 1.
    const fr = createTranslator('fr');
    expect(fr('run.moreLines', { count: 0 })).toBe(fr('run.moreLines', { count: 1 }).replace('1', '0'));
    expect(fr('run.moreLines', { count: 0 })).not.toBe(fr('run.moreLines', { count: 2 }).replace('2', '0'));
  });

  it('says "1 step" and "6 steps", never "step(s)", in every language', () => {
    loadCatalogs();
    const en1 = createTranslator('en');
    expect(en1('run.notRunSummary', { count: 1 })).toBe('Not run on this machine: 1 step. What it lacks, and how to get it:');
    expect(en1('run.notRunSummary', { count: 6 })).toContain('6 steps.');
    expect(createTranslator('fr')('run.notRunSummary', { count: 1 })).toContain('1 étape.');
    expect(createTranslator('es')('run.notRunSummary', { count: 2 })).toContain('2 pasos.');
    // A plural written as "(s)" is a catalog that did not use the plural forms.
    const all = Object.entries(CATALOG_PARTS).flatMap(([locale, parts]) =>
      parts.flatMap((p) => Object.entries(p).map(([k, v]) => [locale, k, v])),
    );
    expect(all.filter(([, , v]) => /\p{L}\((?:s|es|x)\)/u.test(v!)).map(([l, k]) => `${l} ${k}`)).toEqual([]);
    expect(
      Object.entries(en)
        .filter(([, v]) => /\p{L}\((?:s|es)\)/u.test(v))
        .map(([k]) => k),
    ).toEqual([]);
  });

  it('renders nested messages in the same language', () => {
    loadCatalogs();
    const zh = createTranslator('zh-CN');
    const text = zh('check.exit.none', { reason: { key: 'reason.timeout', params: { duration: '5 s' } } });
    expect(text).toContain('5 s');
    expect(text).not.toMatch(/timed out/);
  });
});

describe('keys the code names', () => {
  // A key missing from the catalog prints as the key itself ("help.shell" in --help): find every
  // literal key the source passes to t(), h(), msg() or say() and look it up.
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) ? [p] : [];
    });
  const used = files(join(ROOT, 'src')).flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/\b(?:t|h|msg|say)\(\s*'([a-zA-Z]+(?:\.[\w]+)+)'/g)].map((m) => ({
      file: relative(ROOT, f),
      key: m[1]!,
    })),
  );

  it('finds the keys (the scan itself works)', () => {
    expect(used.length).toBeGreaterThan(300);
  });

  it('every key the code names is in the English catalog', () => {
    // A plural key lives as key_one / key_other.
    const known = (k: string) => k in en || `${k}_other` in en;
    const missing = used.filter((u) => !known(u.key)).map((u) => `${u.file}: ${u.key}`);
    expect(missing).toEqual([]);
  });
});
