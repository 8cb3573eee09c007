import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS, loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';

/**
 * A count said with its number takes that number's plural form, in every language: "1 character",
 * "1 caractère", never "1 caractères" (the catalogs pick `key_one` / `key_other` by the `count`).
 */

beforeAll(() => loadCatalogs());

/** `{count}` as an ordinal ("try 2", "run 3", "broke on run 4"), or a position on screen: no noun to agree with it. */
const ORDINALS = new Set(['run.attempt', 'run.repeat', 'check.hold.broke', 'ui.run.runningAttempt']);

describe('count messages in every catalog', () => {
  it.each(Object.keys(CATALOGS))('%s: every message that says {count} has plural forms', (lang) => {
    const single = Object.entries(CATALOGS[lang]!)
      .filter(([key, text]) => text.includes('{count}') && !/_(zero|one|two|few|many|other)$/.test(key) && !ORDINALS.has(key))
      .map(([key]) => key);
    expect(single).toEqual([]);
  });

  it('one of them reads right with 1 and with 2', () => {
    const fr = createTranslator('fr');
    expect(fr('check.notJudged.unread', { count: 1, stream: 'stdout' })).toBe('1 caractère de stdout n’a pas été lu');
    expect(fr('check.notJudged.unread', { count: 2, stream: 'stdout' })).toBe('2 caractères de stdout n’ont pas été lus');
    expect(createTranslator('en')('class.start.stopped', { count: 1 })).toBe('Class closed: 1 event kept.');
    expect(createTranslator('es')('lab.tr.blockCount', { count: 1, step: 'a', source: 2 })).toBe(
      'el paso «a» tiene 1 bloque de código; el origen tiene 2',
    );
  });
});
