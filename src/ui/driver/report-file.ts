import { writeFileSync } from 'node:fs';
import type { Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import type { SessionState } from '../../session/state.js';
import type { LabRun } from './lab-run.js';

/**
 * `ISOLAB_TUI_REPORT=FILE`: the TUI keeps FILE as the JSON report of its run (the one `isolab run
 * --report FILE.json` writes), rewritten after every step that finishes or is skipped. The screen
 * contract (test/e2e/screen-contract.test.ts) counts the verdicts a learner could reach on screen
 * against the verdicts of this very run, and holds each output line it shows against what the step
 * printed (`printed`: every step's kept output, which the report itself keeps only for a failed step);
 * nothing else reads it, and without the variable nothing is written — nor loaded: the report's
 * builder and formats are imported only when the variable is set, so a learner's TUI does not pay for
 * a test hook before its first frame (BENCH.md, issue 24).
 */
export function reportFileWriter(session: LabRun, text: () => LabText, t: () => Translate): ((state: SessionState) => void) | undefined {
  const file = process.env.ISOLAB_TUI_REPORT;
  if (!file) return undefined;
  const report = Promise.all([import('../../report/build.js'), import('../../report/formats.js')]);
  // Writes stay in the order of the steps: each waits for the one before.
  let written: Promise<void> = Promise.resolve();
  return (state) => {
    const words = text();
    const translate = t();
    written = written
      .then(() => report)
      .then(([{ buildReport }, { renderReport }]) => {
        const built = buildReport({ lab: session.lab, text: words, state, t: translate, mode: 'run', durationMs: 0, interrupted: false });
        const json = JSON.parse(renderReport(built, 'json', translate)) as { steps: { id: string; printed?: string[] }[] };
        for (const step of json.steps) {
          const output = state.steps[step.id]?.output;
          if (output) step.printed = output.partial ? [...output.lines, output.partial] : [...output.lines];
        }
        writeFileSync(file, JSON.stringify(json, null, 2));
      })
      .catch(() => {
        /* a test hook: a failed write shows as a missing report in the test that asked for it */
      });
  };
}
