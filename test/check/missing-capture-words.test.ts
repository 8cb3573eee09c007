import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { verdictViews } from '../../src/report/verdicts.js';
import { ROOT } from '../helpers/cli.js';
import { shSession } from '../helpers/session.js';

/**
 * A learner skips "What docker top shows" and runs "Find the same process on the host": its command
 * (ps) runs, but the check compares with the PID the skipped step finds. On a French screen it said
 * `non jugé : nécessite pid de l'étape « What docker top shows »…`: the capture's raw name, and the
 * step in English while the step list names it in French.
 */

beforeAll(() => loadCatalogs());

describe('a check not judged because a value was never captured', () => {
  it.each(SUPPORTED_LOCALES)(
    '%s: names the step that finds it as the step list does, never the raw value, and says what to do',
    async (lang) => {
      const loaded = loadLab('hyperv-isolation', lang, join(ROOT, 'labs'));
      const text = localize(loaded.lab, loaded.translation);
      const session = shSession(loaded.lab);
      const t = createTranslator(lang);
      const state = await session.runStep('process-on-host');
      const view = verdictViews(state, text, loaded.lab, session.state, t).find((v) => v.checkId === 'same-pid-on-host')!;
      expect(view.status).toBe('notJudged');
      const finder = text.steps['process-top']!.title;
      expect(view.detail).toContain(finder);
      if (lang !== 'en') expect(view.detail).not.toContain('What docker top shows');
      expect(view.detail).not.toMatch(/\bpid\b/);
      expect(view.detail).toBe(t('check.notRun', { reason: { key: 'check.notJudged.missing', params: { step: finder } } }));
    },
  );
});
