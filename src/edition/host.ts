import { stepsNotRunnable, type PreflightReport } from '../host/preflight.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Edition } from './edition.js';

/**
 * Run what this machine can: a step whose own `requires` this host does not meet is shown with the
 * docs' output and marked "not run here", with what is missing and doctor's fix, the same words in
 * the TUI, in `isolab run` and in reports.
 */
export function onThisHost(edition: Edition, report: PreflightReport): Edition {
  const lacks = new Map<string, Msg[]>();
  for (const [stepId, items] of stepsNotRunnable(report))
    lacks.set(
      stepId,
      items.map((i) => msg('session.notRunNeeds', { what: i.label, fix: i.fix ?? i.detail ?? '-' })),
    );
  return edition.onHost(lacks);
}

/**
 * Can this host run the edition at all? Not when the lab as a whole needs what is missing, nor when
 * every step with a command lacks something: a lab of which nothing runs is not a run.
 */
export function runsHere(edition: Edition, report: PreflightReport): boolean {
  if (!report.ok) return false;
  const commands = edition.steps.filter((s) => edition.command(s));
  return commands.length === 0 || commands.some((s) => !edition.notRunHere(s.id));
}
