import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/translate.js';
import { loadAllCatalogs } from '../../../src/i18n/catalogs/load.js';
import { sayResume } from '../../../src/ui/linear/say.js';

describe('the screen-reader resume line', () => {
  it('says when the progress was saved in the learner’s language, not the system’s', async () => {
    await loadAllCatalogs();
    // Midday UTC: the same calendar day in every time zone a classroom is likely to be in.
    const resume = { passed: 2, read: 0, total: 8, saved: { savedAt: '2026-12-06T12:00:00Z' }, keeps: { containers: [], processes: 0 } };
    expect(sayResume(resume, createTranslator('fr'), 'fr')[0]).toContain('06/12/2026');
    expect(sayResume(resume, createTranslator('en'), 'en')[0]).toContain('12/6/2026');
  });
});
