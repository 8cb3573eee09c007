import { recapOf } from '../../report/recap.js';
import { restLine, runTally, shownSteps, tallyText, type StepTally } from '../../report/counts.js';
import type { PreflightReport } from '../../host/preflight.js';
import { renderDuration, type Translate } from '../../i18n/translate.js';
import { readinessOf } from '../readiness.js';
import type { LabText } from '../../lab/localize.js';
import { readingFor } from '../../lab/reading.js';
import { helpSafetyKey, helpWordKey, inHelp } from '../keys/help.js';
import { readingOf } from '../../edition/reading-commands.js';
import { toReadWhere } from '../editions.js';
import { verdictLine, verdictViews, CHECK_GLYPH } from '../../report/verdicts.js';
import type { CleanupPlan, Preview } from '../../session/session.js';
import { shownStatus, type SessionState } from '../../session/state.js';
import { cleanupCommandText } from '../components/CleanupCommands.js';
import type { LabRun } from '../driver/lab-run.js';
import { stillThereWords } from '../driver/notices.js';
import { keepsWords } from '../render/lab-progress.js';
import { keepsAnything, type StillThere } from '../../session/still-there.js';
import type { Leaving } from '../controller.js';
import {
  BINDINGS,
  CONTEXTS,
  keyLabel,
  keysLabel,
  EDITION_COMMANDS,
  RUN_COMMANDS,
  type Command,
  type KeyContext,
} from '../keys/bindings.js';
import type { LabEntry } from '../labs.js';
import type { BannerText } from '../render/read-only-banner.js';
import { STATUS_GLYPH } from '../render/status.js';
import { exampleLines, outputTail, sanitizeLine, trimTrailingBlank } from '../render/text.js';
import { withStepTitles } from '../../lab/step-titles.js';

/**
 * What each screen says in the screen-reader mode: plain lines, in reading order, every status a word
 * (its glyph only beside it), every key named in words. Pure: the narrator (narrator.ts) decides when
 * a screen is said, these decide what it says.
 */

export type Lines = string[];

export function spokenKeys(command: Command, t: Translate): string {
  return BINDINGS[command].map((s) => keyLabel(s, t, 'words')).reduce((first, second) => t('sr.keysOr', { first, second }));
}

/** The prompt of a screen: a question that names each answer (the footer's keys, in words). */
export function sayQuestion(
  footer: readonly { command: Command; word: string }[],
  t: Translate,
  locale: string,
  context?: KeyContext,
): Lines {
  if (!footer.length) return [];
  // A word the footer gives two keys ("move" for up and down) is told apart by the help's own words
  // ("previous step", "next step"): a listener cannot see which arrow points where.
  const shared = new Set(footer.map((f) => t(f.word)).filter((w, i, all) => all.indexOf(w) !== i));
  const word = (f: { command: Command; word: string }) => {
    const help = context === 'home' || context === 'lab' ? `ui.help.${context}.${f.command}` : undefined;
    return shared.has(t(f.word)) && help && t(help) !== help ? t(help) : t(f.word);
  };
  const answers = footer.map((f) => t('fmt.labelled', { label: spokenKeys(f.command, t), text: word(f) }));
  return [t('sr.question', { answers: new Intl.ListFormat(locale, { type: 'disjunction' }).format(answers) })];
}

/** Keys that scroll what a screen cut: in linear text nothing is cut, so they are never offered. */
export const SCROLLING: ReadonlySet<Command> = new Set<Command>(['scrollDown', 'scrollUp', 'commandDown', 'resultsDown', 'resultsUp']);

/**
 * `?`: every key of the screen the learner is on, each with what it does. What the footer leaves out
 * because it cannot work now (running in a read-only lab, another shell where there is one) stays out.
 */
export function sayKeys(context: KeyContext, footer: readonly { command: Command; word: string }[], t: Translate, readOnly = false): Lines {
  const known = new Map(footer.map((f) => [f.command, f.word]));
  const helped = context === 'home' || context === 'lab' ? context : undefined;
  const commands = (CONTEXTS[context] as readonly Command[]).filter(
    (c) =>
      !SCROLLING.has(c) &&
      (!helped || inHelp(c, helped, readOnly)) &&
      (known.has(c) || !(RUN_COMMANDS.includes(c) || EDITION_COMMANDS.includes(c))),
  );
  const word = (c: Command) => (helped ? helpWordKey(c, helped, readOnly) : (known.get(c) ?? `ui.footer.${c}`));
  const lines = [t('sr.keysTitle')];
  for (const c of commands) lines.push(t('fmt.labelled', { label: spokenKeys(c, t), text: t(word(c)) }));
  if (helped) lines.push(t(helpSafetyKey(readOnly)));
  return lines;
}

export function sayIntro(t: Translate): Lines {
  return [t('sr.intro')];
}

export function sayHome(entries: readonly LabEntry[], t: Translate): Lines {
  if (!entries.length) return [t('error.noLabs')];
  const lines = [t('sr.labs', { count: entries.length })];
  entries.forEach((e, i) => {
    const title = sanitizeLine(e.text?.title ?? e.id);
    const entry = t('sr.labEntry', { n: i + 1, title });
    // "4 of 8 steps passed": a "4/8" is read out as "4 slash 8". What the run keeps follows, as on its row.
    const progress = e.progress ? [tallyText(t, 'sr.labProgress', e.progress), ...keepsWords(e.progress.keeps, t)] : [];
    lines.push(progress.length ? t('fmt.labelled', { label: entry, text: progress.join(t('list.separator')) }) : entry);
  });
  return lines;
}

export function sayLabSelected(
  entries: readonly LabEntry[],
  index: number,
  report: PreflightReport | undefined,
  t: Translate,
  readOnly = false,
): Lines {
  const e = entries[index];
  if (!e) return [];
  const title = sanitizeLine(e.text?.title ?? e.id);
  const readiness = e.problem
    ? t('fmt.labelled', { label: t('ui.home.invalid'), text: sanitizeLine(e.problem) })
    : readinessOf(e, report, false, t, readOnly).text;
  // A title that ends its own sentence ("…是什么？") takes no comma after it: "？，" is heard as two stops.
  const key = /[?!.？！。]$/u.test(title) ? 'sr.labSelectedAfterStop' : 'sr.labSelected';
  return [t(key, { n: index + 1, total: entries.length, title, readiness })];
}

export function sayOpened(text: LabText, edition: string, steps: number, t: Translate, readOnly?: BannerText): Lines {
  // The lab's introduction comes first, as on the full screen: what a learner needs before step 1.
  // In read-only mode, the banner's words right after the lab's name: nothing runs, and why.
  return [t('sr.opened', { title: sanitizeLine(text.title), edition, count: steps }), ...sayReadOnly(readOnly), ...proseLines(text.intro)];
}

/** The read-only banner's words (render/read-only-banner.ts), and what this machine is missing, one per line. */
export function sayReadOnly(banner: BannerText | undefined): Lines {
  if (!banner) return [];
  return [banner.text, ...banner.missing.map((m) => (m.fix ? `${m.label} — ${m.fix}` : m.label))];
}

/**
 * Markdown prose as lines to hear: one line per paragraph (a line broken mid-sentence is a pause in
 * the middle of it), no blank lines, and no backticks or emphasis marks (a synthesizer reads them out:
 * "star star namespaces"). List items, headings, quotes and tables keep their own lines.
 */
export function proseLines(markdown: string): string[] {
  const unemphasized = (text: string) =>
    text
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/(^|[^\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?!\w)/g, '$1$2')
      .replace(/(^|[^\w_])_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, '$1$2');
  const out: string[] = [];
  let joinable = false;
  for (const raw of markdown.split('\n')) {
    if (!raw.trim()) {
      joinable = false;
      continue;
    }
    // Code spans lose their backticks and keep their text as it is (`*.md` is no emphasis).
    const line = raw
      .split(/`([^`]+)`/)
      .map((part, i) => (i % 2 ? part : unemphasized(part)))
      .join('');
    // A list item, a heading, a quote or a table row starts a line of its own; a line that continues a
    // paragraph or an item joins it.
    const own = /^\s*([-*+]\s|\d+[.)]\s|#|>|\|)/.test(line);
    if (joinable && !own) out[out.length - 1] = `${out.at(-1)} ${line.trim()}`;
    else out.push(line.trimEnd());
    joinable = !/^\s*(#|\|)/.test(line);
  }
  return out.map(sanitizeLine);
}

export function sayResume(
  resume: StepTally & { saved: { savedAt: string }; keeps: StillThere; removal?: CleanupPlan | undefined },
  t: Translate,
  locale?: string,
): Lines {
  // What the paused run keeps running is said before the learner chooses, as the full-screen question
  // names it, and so is what f does about it.
  const what = keepsAnything(resume.keeps)
    ? stillThereWords(resume.keeps)
        .map((m) => t(m.key, m.params))
        .join(t('list.separator'))
    : undefined;
  return [
    // In the learner's language, as the full-screen resume question says it (not the system's locale).
    tallyText(t, 'ui.resume.found', resume, { when: new Date(resume.saved.savedAt).toLocaleString(locale) }),
    ...(what ? [t('ui.resume.keeps', { what })] : []),
    // Starting over removes what the earlier run keeps: the commands are heard before f agrees to them.
    ...(resume.removal
      ? [t('ui.resume.freshKeyRemoves', { keys: keysLabel('fresh', t) }), ...cleanupCommandText(resume.removal)]
      : what
        ? [t('ui.resume.freshKeyKeeps', { keys: keysLabel('fresh', t) })]
        : []),
    t('ui.resume.explain'),
  ];
}

interface StepInput {
  session: LabRun;
  state: SessionState;
  text: LabText;
  stepId: string;
  preview: Preview | undefined;
  readOnly: boolean;
  t: Translate;
}

/** "3 of 5" among the learner's steps; undefined for a cleanup step. */
function positionOf(session: LabRun, stepId: string): { n: number; total: number } | undefined {
  const learner = session.steps();
  const i = learner.findIndex((s) => s.id === stepId);
  return i < 0 ? undefined : { n: i + 1, total: learner.length };
}

function statusWord(status: string, t: Translate): string {
  return status === 'redo' ? t('ui.status.redo') : t(`status.${status}`);
}

/** The command Enter would run, as said: the code the learner heard is the only code Enter may run. */
export function stepCommand({ session, state, stepId, preview, readOnly, text, t }: StepInput): { label: string; code?: string } {
  const step = session.step(stepId);
  const st = state.steps[stepId]!;
  const own = session.edition.command(step);
  const reading = readingOf(state.captures, readOnly, session.edition.lab, t);
  if (!own) return { label: t('session.readingStep') };
  if (readOnly) return { label: t('ui.command.notRun'), code: reading(own.code) };
  if (st.status === 'notRun') return { label: t('ui.command.notRunHere'), code: reading(own.code) };
  if (preview && !preview.ok) {
    const reason = withStepTitles(preview.reason, session.edition.lab, text);
    // As on the full screen: why it cannot run, then the command with its missing value as a word.
    return { label: t(reason.key, reason.params), code: reading(own.code) };
  }
  const code = preview?.ok ? preview.code : own.code;
  const label =
    st.status === 'pending' ? t('ui.command.willRun') : st.status === 'skipped' ? t('ui.command.runSkipped') : t('ui.command.rerun');
  return { label, code };
}

/** A step as the learner arrives at it: where it is, its title and status, its explanation, its command. */
export function sayStep(input: StepInput): Lines {
  const { session, state, text, stepId, t } = input;
  const step = session.step(stepId);
  const words = text.steps[stepId];
  const title = sanitizeLine(words?.title ?? step.title);
  const st = state.steps[stepId]!;
  // Read-only: a step to read, as on the full screen (render/status.ts displayStatus).
  const status = input.readOnly ? 'read' : st.status === 'pending' && st.notes.length ? 'redo' : st.status;
  const at = positionOf(session, stepId);
  const lines = [at ? t('sr.step', { ...at, title, status: statusWord(status, t) }) : t('sr.cleanupStep', { title })];
  for (const part of readingFor(words?.body ?? step.body, session.edition, { readOnly: false, otherPlatformsLast: true })) {
    if (part.kind === 'markdown') lines.push(...proseLines(part.text));
    else if (part.kind === 'toRead') {
      // As the full screen says it (editions.ts), and the values this run captured are filled in, never {{pid}}.
      lines.push(t('ui.command.toRead', { platform: toReadWhere(part, session.edition) }));
      lines.push(
        ...readingOf(
          state.captures,
          input.readOnly,
          session.edition.lab,
          t,
        )(part.code)
          .split('\n')
          .map((l) => `  ${sanitizeLine(l)}`),
      );
    } else if (part.kind === 'example') {
      lines.push(t('run.exampleOutput'));
      lines.push(...part.text.split('\n').map((l) => `  ${sanitizeLine(l)}`), t('sr.exampleEnd'));
    }
  }
  // Not run here: why (what this machine lacks, with doctor's fix), before the command shown to read.
  if (st.status === 'notRun') for (const n of st.notes) lines.push(sanitizeLine(t(n.key, n.params)));
  const unmet = input.readOnly || st.status === 'notRun' ? undefined : session.unmetDependency(stepId);
  const dependency = unmet && withStepTitles(unmet, session.edition.lab, text);
  if (dependency) lines.push(t(dependency.key, dependency.params));
  const cmd = stepCommand(input);
  lines.push(cmd.label);
  if (cmd.code) lines.push(...cmd.code.split('\n').map((l) => `  ${sanitizeLine(l)}`));
  // Nothing ran (read-only, or not run here): the docs' output for this edition stands in, as on the
  // full screen, begun and ended as an example.
  const examples = input.readOnly || st.status === 'notRun' ? exampleLines(session.edition.examples(step)) : [];
  if (examples.length) lines.push(t('run.exampleOutput'), ...examples.map((l) => `  ${l}`), t('sr.exampleEnd'));
  return lines;
}

/** A command said again because it changed since it was said (a value was captured again). */
export function sayCommandAgain(input: StepInput): Lines {
  const cmd = stepCommand(input);
  return [cmd.label, ...(cmd.code ? cmd.code.split('\n').map((l) => `  ${sanitizeLine(l)}`) : [])];
}

export function sayRunning(session: LabRun, stepId: string, t: Translate): Lines {
  const at = positionOf(session, stepId);
  const title = sanitizeLine(session.step(stepId).title);
  return [at ? t('sr.running', at) : t('sr.cleanupStep', { title })];
}

/** A step that ended: its status in words, what it printed, each verdict as a word with its sentence. */
export function sayFinished(session: LabRun, state: SessionState, text: LabText, stepId: string, t: Translate): Lines {
  const st = state.steps[stepId]!;
  const at = positionOf(session, stepId);
  // A reading step ran nothing: it is "read", with no duration, no output and no note to say again.
  const shown = shownStatus(st);
  const reading = shown === 'read';
  const status = t(`status.${shown}`);
  let result =
    st.durationMs !== undefined && !reading ? t('fmt.withDuration', { text: status, duration: renderDuration(t, st.durationMs) }) : status;
  if (st.status === 'skipped') {
    const reason = st.notes[0];
    if (reason && reason.key !== 'session.skippedByUser') result = t('fmt.labelled', { label: status, text: t(reason.key, reason.params) });
  }
  const lines = [
    `${STATUS_GLYPH[shown]} ${at ? t('sr.result', { ...at, result }) : t('fmt.labelled', { label: t('run.cleanupStep'), text: result })}`,
  ];
  if (st.status === 'skipped' || reading) return lines;
  const tail = outputTail(st.output, 30);
  const count = tail.lines.length;
  if (!count) lines.push(t('sr.noOutput'));
  else {
    lines.push(t('sr.output', { count }));
    if (tail.hidden) lines.push(t('ui.output.earlier', { count: tail.hidden }));
    lines.push(...tail.lines.map((l) => `  ${l}`), t('sr.outputEnd'));
  }
  for (const v of verdictViews(st, text, session.lab, state, t)) {
    // As the full screen says it: a check not judged is named, so two such lines are told apart.
    lines.push(`${CHECK_GLYPH[v.status]} ${v.status === 'notJudged' ? `${v.checkId}: ` : ''}${verdictLine(v, t)}`);
    if (v.teaching) lines.push(`  ${v.checkId}: ${v.detail}`);
  }
  for (const n of st.notes) if (n.key !== 'session.skippedByUser') lines.push(t(n.key, n.params));
  return lines.map((l) => sanitizeLine(l));
}

export function sayHint(session: LabRun, text: LabText, stepId: string, shown: number, t: Translate): Lines {
  const hints = text.steps[stepId]?.hints ?? session.step(stepId).hints;
  const hint = hints[shown - 1];
  if (!hint) return [];
  return [t('fmt.labelled', { label: t('ui.hint.label', { n: shown, total: hints.length }), text: sanitizeLine(hint) })];
}

/** The step's whole output (o), said once. */
export function sayViewer(state: SessionState, stepId: string, t: Translate): Lines {
  const out = state.steps[stepId]!.output;
  const lines = trimTrailingBlank(out.partial ? [...out.lines, out.partial] : out.lines).map(sanitizeLine);
  return [t('sr.viewer', { count: lines.length }), ...lines.map((l) => `  ${l}`), t('sr.outputEnd')];
}

export function sayLeaving(plan: CleanupPlan, leaving: Leaving | undefined, t: Translate): Lines {
  const title =
    leaving?.then === 'quit'
      ? t('ui.leave.titleQuit')
      : leaving?.then === 'shell' && leaving.shell
        ? t('ui.leave.titleShell', { shell: leaving.shell })
        : t('ui.leave.title');
  const what = [
    ...plan.containers.map((name) => t('cleanup.container', { name })),
    ...plan.processes.map((p) => t('cleanup.process', { pid: p.pid, comm: p.comm })),
  ];
  return [
    title,
    what.length ? t('ui.leave.keeps', { what: what.join(t('list.separator')) }) : t('ui.leave.keepsNothing'),
    t('sr.endCommands'),
    ...cleanupCommandText(plan),
  ];
}

/** The end of the lab: the summary, what it proved, where it comes from, what a removal runs. */
export function sayEnd(
  session: LabRun,
  state: SessionState,
  text: LabText,
  plan: CleanupPlan,
  next: string | undefined,
  t: Translate,
  readOnly = false,
): Lines {
  // Only read: nothing ran and nothing was proved here; the cleanup is text to read, as on the full screen.
  if (readOnly) {
    const lines = [t('run.readOnlySummary', { count: session.steps().length })];
    for (const s of text.sources) lines.push(sanitizeLine(t('ui.end.source', { title: s.title, url: s.url ?? '' })));
    const commands = cleanupCommandText(plan);
    if (commands.length) lines.push(t('run.readOnlyCleanup'), ...commands);
    if (next) lines.push(sanitizeLine(t('ui.end.next', { title: next })));
    return lines;
  }
  // Counted as on screen (report/counts.ts tallySteps): a step read is said apart, never as passed.
  const tally = runTally(state, session.steps());
  const lines = [tallyText(t, 'ui.end.done', tally)];
  const rest = restLine(t, shownSteps(state, session.steps()));
  if (rest) lines.push(rest);
  // What this run showed, as the end screen and the reports say it: a part that needs a value this
  // run never captured is left out, never read out with a capture's name.
  const recap = recapOf(text.recap, state.captures);
  if (recap) {
    lines.push(t('ui.end.proved'));
    lines.push(
      ...recap
        .split('\n')
        .filter((l) => l.trim())
        .map(sanitizeLine),
    );
  }
  for (const s of text.sources) lines.push(sanitizeLine(t('ui.end.source', { title: s.title, url: s.url ?? '' })));
  const commands = cleanupCommandText(plan);
  if (commands.length) lines.push(t('sr.endCommands'), ...commands);
  else lines.push(t('ui.end.nothingLeft'));
  if (next) lines.push(sanitizeLine(t('ui.end.next', { title: next })));
  return lines;
}
