import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';

/**
 * A step to read says "Enter mark read" in its footer, then shows the status "read" beside its
 * title, and s on it says it is read: one word for one state, in every language. The French footer
 * said "marquer comme lu" over a step marked "lue" (une étape); the Chinese one 标为已读 over 已阅读.
 */

beforeAll(() => loadCatalogs());

describe('the words of a step to read', () => {
  it.each(SUPPORTED_LOCALES)('%s: the footer marks the step with the status it then shows, and s says that status', (lang) => {
    const t = createTranslator(lang);
    const status = t('status.read');
    expect(t('ui.footer.markRead')).toContain(status);
    expect(t('ui.notice.alreadyRead')).toContain(status);
    expect(t('count.steps.read', { count: 2 })).toContain(lang === 'fr' ? 'lues' : lang === 'es' ? 'leídos' : status);
  });

  it.each(SUPPORTED_LOCALES)('%s: the help says what Enter does on a step to read, in the words of its footer', (lang) => {
    const t = createTranslator(lang);
    // The help said only "run the command shown" where the footer offered "Enter mark read".
    expect(t('ui.help.lab.run')).toContain(t('ui.footer.markRead'));
  });
});
