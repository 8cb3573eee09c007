import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../src/i18n/translate.js';
import { loadAllCatalogs } from '../../../src/i18n/catalogs/load.js';
import { sayResume } from '../../../src/ui/linear/say.js';

const saved = { savedAt: '2026-12-06T12:00:00Z' };

describe('the screen-reader resume question', () => {
  it('names what the paused run keeps running, as the full-screen question does, before the learner chooses', async () => {
    await loadAllCatalogs();
    const resume = { passed: 8, read: 0, total: 8, saved, keeps: { containers: ['isolab-proc-1'], processes: 2 } };
    const es = sayResume(resume, createTranslator('es'), 'es').join('\n');
    expect(es).toContain('isolab-proc-1');
    expect(es).toContain('2 procesos');
    // Starting over leaves it running: said in words, with how it goes away.
    expect(es).toContain('isolab cleanup');
    const en = sayResume(resume, createTranslator('en'), 'en').join('\n');
    expect(en).toContain('That run keeps running: container isolab-proc-1, 2 processes.');
  });

  it('says nothing about kept things when the run keeps nothing', async () => {
    await loadAllCatalogs();
    const resume = { passed: 2, read: 0, total: 8, saved, keeps: { containers: [], processes: 0 } };
    const en = sayResume(resume, createTranslator('en'), 'en').join('\n');
    expect(en).not.toContain('keeps running');
    expect(en).not.toContain('isolab cleanup');
  });
});
