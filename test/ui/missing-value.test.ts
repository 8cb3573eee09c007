import { join } from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { loadLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { stepCommand } from '../../src/ui/linear/say.js';
import { stepParts } from '../../src/ui/render/step-parts.js';
import { ROOT } from '../helpers/cli.js';
import { shSession } from '../helpers/session.js';

/**
 * A learner on the namespaces lab skips step 1 and goes to step 4, whose command uses the pid step 1
 * captures. The box said, on a Chinese screen, `它需要步骤"Start a process in new namespaces"中的 pid，
 * 但该值从未被捕获`: the step named in English (the step list names it in Chinese), the capture's raw
 * name, and nothing about what to do.
 */

beforeAll(() => loadCatalogs());

describe('a step whose value was never captured', () => {
  it.each(SUPPORTED_LOCALES)(
    '%s: names the step that finds it as the step list does, not the raw value, and says to go back and run it',
    (lang) => {
      const loaded = loadLab('namespaces', lang, join(ROOT, 'labs'));
      const text = localize(loaded.lab, loaded.translation);
      const session = shSession(loaded.lab);
      const first = session.steps()[0]!;
      const stepId = session.steps().find((s) => session.edition.command(s)?.code.includes('{{pid}}'))!.id;
      const t = createTranslator(lang);
      const input = { session, state: session.state, stepId, text, readOnly: false, preview: session.preview(stepId), t };
      const parts = stepParts({ ...input, index: 4, hintsShown: 0, width: 400, color: false });
      for (const said of [parts.block.label.join(' '), stepCommand(input).label]) {
        expect(said).toContain(text.steps[first.id]!.title);
        if (lang !== 'en') expect(said).not.toContain(first.title);
        expect(said).not.toMatch(/\bpid\b/);
        expect(said).toContain(t('session.missingCapture', { step: text.steps[first.id]!.title }));
      }
      // The way out is named in words every surface can use (the TUI's footer names s; an unattended run has no keys).
      expect(t('session.missingCapture', { step: 'x' })).not.toMatch(/ s /);
    },
  );

  it.each([60, 80, 100])(
    'at %i columns, each line of the warning fits beside its ⚠ and is never wrapped again by the terminal',
    (columns) => {
      const loaded = loadLab('namespaces', 'zh-CN', join(ROOT, 'labs'));
      const text = localize(loaded.lab, loaded.translation);
      const session = shSession(loaded.lab);
      const stepId = session.steps().find((s) => session.edition.command(s)?.code.includes('{{pid}}'))!.id;
      const t = createTranslator('zh-CN');
      const width = columns - 2;
      const input = { session, state: session.state, stepId, text, readOnly: false, preview: session.preview(stepId), t };
      const parts = stepParts({ ...input, index: 4, hintsShown: 0, width, color: false });
      expect(parts.block.warn).toBe(true);
      for (const l of parts.block.label) expect(stringWidth(`⚠ ${l}`)).toBeLessThanOrEqual(width);
    },
  );
});
