import { join } from 'node:path';
import { afterEach, beforeAll, expect, test } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { localize } from '../../src/lab/localize.js';
import { buildReport } from '../../src/report/build.js';
import { renderReport } from '../../src/report/formats.js';
import { Session } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';

/**
 * A report is data: what the cleanup removed is ids, names and kinds, the same in every language;
 * words are for the Markdown report. A kept run's cleanup step did not run, and says why: never "pending".
 */

const LAB = join(import.meta.dirname, '..', 'fixtures', 'process-lab.md');
let session: Session | undefined;
beforeAll(() => loadCatalogs());
afterEach(async () => {
  await session?.cleanup({ agreed: true });
  session = undefined;
});

function reportOf(s: Session, lang: string) {
  const lab = readLab(LAB);
  return buildReport({
    lab,
    text: localize(lab),
    state: s.state,
    t: createTranslator(lang),
    mode: 'run',
    durationMs: 0,
    interrupted: true,
  });
}

test('cleanup.removed holds the kind and id of each thing removed, not words: the JSON is the same in Spanish; Markdown words it', async () => {
  session = new Session({ edition: editionOf(readLab(LAB), { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
  await session.runStep('start');
  const pid = Number(session.state.captures.pid?.value);
  await session.cleanup();
  const en = reportOf(session, 'en');
  expect(en.cleanup.removed).toEqual([{ kind: 'process', pid, comm: 'sleep' }]);
  expect(reportOf(session, 'es').cleanup.removed).toEqual(en.cleanup.removed);
  expect(renderReport(en, 'json')).not.toContain(`process ${pid} (sleep)`);
  expect(renderReport(en, 'markdown', createTranslator('en'))).toContain(`- removed process ${pid} (sleep)`);
  expect(renderReport(en, 'markdown', createTranslator('fr'))).toContain(`- supprimé\u00a0: processus ${pid} (sleep)`);
});

test("a kept run's cleanup step is reported skipped, with why, never pending", async () => {
  session = new Session({ edition: editionOf(readLab(LAB), { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
  session.keep();
  await session.runStep('start');
  const { keptProcesses } = await session.cleanup();
  expect(keptProcesses?.length).toBe(1);
  const step = reportOf(session, 'en').steps.find((s) => s.id === 'cleanup')!;
  expect(step.status).toBe('skipped');
  expect(step.notes).toEqual(['not run: you chose to keep what the lab created']);
});
