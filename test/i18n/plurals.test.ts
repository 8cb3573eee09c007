import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';

describe('English plurals (chosen without Intl, whose first use loads locale data)', () => {
  it('pick the form Intl.PluralRules picks, for every count a message can carry', () => {
    const t = createTranslator('en');
    const rules = new Intl.PluralRules('en');
    const counts = [...Array.from({ length: 2_002 }, (_, i) => i - 1), 0.5, 1.5, 1e21];
    const wrong = counts.filter(
      (count) => t('list.steps', { count }) !== (rules.select(count) === 'one' ? `${count} step` : `${count} steps`),
    );
    expect(wrong).toEqual([]);
    expect([0, 1, 2].map((count) => t('list.steps', { count }))).toEqual(['0 steps', '1 step', '2 steps']);
  });
});
