import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';

/**
 * The dashboard's readiness line holds two numbers, and its plural forms follow the learners: the
 * number of machines ready must read right on its own ("1 machines prêtes sur 1" did not).
 */
test.each(SUPPORTED_LOCALES)('%s: one machine ready of one reads right, and of three too', (lang) => {
  loadCatalogs();
  const t = createTranslator(lang);
  for (const [ready, reported, count] of [
    [1, 1, 1],
    [1, 3, 3],
    [3, 3, 1],
  ] as const) {
    const line = t('class.dash.ready.summary', { ready, reported, count });
    expect(line).not.toMatch(/\b1 (machines|máquinas)\b/);
    expect(line).toContain(String(ready));
    expect(line).toContain(String(reported));
  }
});
