import { hasCatalog, msg, type Msg } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import type { Step } from '../../lab/model.js';
import type { StepToRedo } from '../../session/progress.js';
import type { ShownStatus } from '../../session/state.js';
import type { LeftBehind, Reclaimed } from '../../session/reclaim.js';
import type { CleanupResult } from '../../session/session.js';
import type { StillThere } from '../../session/still-there.js';
import { languageName } from '../languages.js';
import type { Notice } from '../state/ui-state.js';

/** What the TUI says about what just happened, as messages (worded by the view in the learner's language). */

const notice = (tone: Notice['tone'], ...lines: Msg[]): Notice => ({ tone, lines });

/**
 * Runs that ended without a goodbye (a crash, kill -9, a removal that did not finish) left something:
 * never removed unasked, only named, each run with its lab and the containers its ledger names.
 */
export const leftoversNotice = (left: readonly LeftBehind[], words: (list: readonly Msg[]) => string): Notice =>
  notice(
    'info',
    msg('ui.notice.leftovers', { count: left.length }),
    ...left.map((r) =>
      msg('ui.notice.leftoverRun', {
        lab: r.labId,
        run: r.runId,
        what: r.containers.length
          ? words(r.containers.map((name) => msg('cleanup.container', { name })))
          : msg('ui.notice.leftoverProcesses'),
      }),
    ),
  );

export const openFailedNotice = (error: string): Notice => notice('warn', msg('ui.notice.openFailed', { error }));

export const invalidLabNotice = (problem: string): Notice => notice('warn', msg('ui.notice.invalidLab', { problem }));

export const lockedNotice = (pid: number): Notice => notice('warn', msg('ui.notice.locked', { pid }));

/** A progress file that could not be read was kept under another name; the lab starts afresh. */
export const setAsideNotice = (keptAs: string, why: Msg): Notice =>
  notice('warn', msg('ui.notice.progressSetAside', { why, file: keptAs }));

/**
 * What resuming found: every step already run keeps its result, or which steps must be redone and why
 * (numbered as the list shows them). `ran`: how the kept steps that ran ended (a step skipped, read or
 * not run here keeps nothing). ✔ only when each of them passed: beside a failed step it read as
 * "still valid".
 */
export function resumedNotice(steps: readonly Step[], redo: readonly StepToRedo[], ran: readonly ShownStatus[], text: LabText): Notice {
  const kept = ran.length;
  if (!redo.length) {
    if (!kept) return notice('ok', msg('ui.resume.noneRan'));
    return notice(ran.every((s) => s === 'passed') ? 'ok' : 'info', msg('ui.resume.allKept', { count: kept }));
  }
  return notice(
    'warn',
    msg('ui.resume.redo', { count: redo.length }),
    ...redo.map((r) =>
      msg('ui.resume.redoStep', {
        n: steps.findIndex((s) => s.id === r.stepId) + 1,
        title: text.steps[r.stepId]?.title ?? r.stepId,
        reason: r.reason,
      }),
    ),
    ...(kept ? [msg('ui.resume.kept', { count: kept })] : []),
  );
}

/**
 * What an agreed removal removed (a success, said as one), that the run has ended (it is not offered
 * for resuming again), and then, as warnings, what it could not remove or would not touch.
 */
export function removedNotice(r: CleanupResult | undefined, words: (list: readonly Msg[]) => string): Notice {
  if (!r) return notice('ok', msg('ui.exit.nothingRemoved'));
  const done = r.removed.length
    ? [msg('ui.notice.removed', { what: words(r.removed) })]
    : r.problems.length
      ? []
      : [msg('ui.exit.nothingRemoved')];
  return withWarnings(notice('ok', ...done, msg('ui.notice.runEnded')), r.problems);
}

/** A notice followed by warnings, each line marked as what it is. */
function withWarnings(said: Notice, warnings: readonly Msg[]): Notice {
  return warnings.length ? { ...said, lines: [...said.lines, ...warnings], warnFrom: said.lines.length } : said;
}

export function languageNotice(locale: string): Notice {
  return notice(
    'info',
    msg('ui.language.switched', { language: languageName(locale) }),
    ...(hasCatalog(locale) ? [] : [msg('ui.language.noCatalog', { language: languageName(locale) })]),
  );
}

/** "container X, 2 processes": what a run keeps, as messages the view words in the learner's language. */
export function stillThereWords(s: StillThere): Msg[] {
  return [
    ...s.containers.map((name) => msg('cleanup.container', { name })),
    ...(s.processes ? [msg('ui.exit.processes', { count: s.processes })] : []),
  ];
}

/** Started over while the earlier run keeps something: said, with how it goes away (never removed unasked). */
export const freshKeptNotice = (earlier: StillThere, words: (list: readonly Msg[]) => string): Notice =>
  notice('warn', msg('ui.resume.freshKept', { what: words(stillThereWords(earlier)) }));

/** The shell switch's notice, its last line about checking this machine replaced by `line` (checking, then checked). */
export function shellCheckNotice(current: Notice | undefined, line: Msg): Notice {
  const kept = (current?.lines ?? []).filter((l) => l.key !== 'ui.shell.checking' && l.key !== 'ui.shell.checked');
  return notice(current?.tone ?? 'info', ...kept, line);
}

/**
 * Started over after removing what the earlier run kept (the learner saw the commands and pressed f).
 * "Nothing was still there" only when it is so: a removal that met a problem removed nothing for a
 * reason its warnings give.
 */
export function freshClearedNotice(r: Reclaimed, words: (list: readonly Msg[]) => string): Notice {
  const first = r.removed.length
    ? msg('ui.resume.freshRemoved', { what: words(r.removed) })
    : msg(r.problems.length ? 'ui.resume.fresh' : 'ui.resume.freshNothingLeft');
  return withWarnings(notice('ok', first), r.problems.length ? [...r.problems, msg('ui.resume.freshProblems')] : []);
}
