import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator, msg } from '../../src/i18n/translate.js';
import { CAPTURE_TYPES } from '../../src/value/types.js';

/** What a learner reads when a capture does not fit its type (check-judges.ts words it this way). */
function badType(locale: string, type: string, value: string): string {
  loadCatalogs();
  return createTranslator(locale)('check.capture.badType', { name: 'v', value, typeDescription: msg(`type.${type}`) });
}

describe('every capture type has words in every language', () => {
  it.each(SUPPORTED_LOCALES.flatMap((l) => CAPTURE_TYPES.map((t) => [l, t] as const)))('%s: type %s', (locale, type) => {
    const text = badType(locale, type, '-A');
    expect(text).not.toContain(`type.${type}`);
    // A translation, not English standing in (types whose English words are also their own aside).
    if (locale !== 'en') expect(text).not.toBe(badType('en', type, '-A'));
  });

  it('a value refused for its leading dash is told the rule it broke, not characters it fits', () => {
    expect(badType('en', 'path', '-A')).toBe('found "-A", which is not an absolute path (starting with /, then letters, digits, _ . / -)');
    expect(badType('en', 'name', '--privileged')).toBe(
      'found "--privileged", which is not a name (starting with a letter or digit, then letters, digits, . _ : -)',
    );
    expect(badType('es', 'name', '--privileged')).toContain('empieza por una letra o un dígito');
    expect(badType('fr', 'name', '--privileged')).toContain('commençant par une lettre ou un chiffre');
    expect(badType('zh-CN', 'name', '--privileged')).toContain('以字母或数字开头');
  });
});
