import { writeFileSync } from 'node:fs';
import type { Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import { buildReport } from '../../report/build.js';
import { renderReport } from '../../report/formats.js';
import type { SessionState } from '../../session/state.js';
import type { LabRun } from './lab-run.js';

/**
 * `ISOLAB_TUI_REPORT=FILE`: the TUI keeps FILE as the JSON report of its run (the one `isolab run
 * --report FILE.json` writes), rewritten after every step that finishes or is skipped. The screen
 * contract (test/e2e/screen-contract.test.ts) counts the verdicts a learner could reach on screen
 * against the verdicts of this very run, and holds each output line it shows against what the step
 * printed (`printed`: every step's kept output, which the report itself keeps only for a failed step);
 * nothing else reads it, and without the variable nothing is written.
 */
export function reportFileWriter(session: LabRun, text: () => LabText, t: () => Translate): ((state: SessionState) => void) | undefined {
  const file = process.env.ISOLAB_TUI_REPORT;
  if (!file) return undefined;
  return (state) => {
    const report = buildReport({ lab: session.lab, text: text(), state, t: t(), mode: 'run', durationMs: 0, interrupted: false });
    const json = JSON.parse(renderReport(report, 'json', t())) as { steps: { id: string; printed?: string[] }[] };
    for (const step of json.steps) {
      const output = state.steps[step.id]?.output;
      if (output) step.printed = output.partial ? [...output.lines, output.partial] : [...output.lines];
    }
    writeFileSync(file, JSON.stringify(json, null, 2));
  };
}
