import { describe, expect, test } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../../src/i18n/translate.js';
import type { LabText } from '../../../src/lab/localize.js';
import { noticeMarks } from '../../../src/ui/components/NoticeLine.js';
import { resumedNotice } from '../../../src/ui/driver/notices.js';

loadCatalogs();
const en = createTranslator('en');
const text = { steps: {} } as unknown as LabText;

/** What resuming says when nothing must be redone: a ✔ only for results that passed. */
describe('the notice after resuming', () => {
  test('a run whose only finished step failed resumes without a ✔ and without calling it valid', () => {
    const n = resumedNotice([], [], ['failed'], text);
    expect(noticeMarks(n)[0]!.glyph).toBe('›');
    expect(en(n.lines[0]!.key, n.lines[0]!.params)).toBe('Resumed: the step already run keeps its result.');
    expect(noticeMarks(resumedNotice([], [], ['passed', 'notJudged'], text))[0]!.glyph).toBe('›');
  });

  test('steps that all passed resume with a ✔, counted, in the learner’s language', () => {
    const n = resumedNotice([], [], ['passed', 'passed'], text);
    expect(noticeMarks(n)[0]!.glyph).toBe('✔');
    expect(en(n.lines[0]!.key, n.lines[0]!.params)).toBe('Resumed: the 2 steps already run keep their results.');
    expect(createTranslator('fr')(n.lines[0]!.key, n.lines[0]!.params)).toBe(
      'Reprise\u00a0: les 2 étapes déjà exécutées gardent leur résultat.',
    );
  });
});
