import type { Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import { readingFor } from '../../lab/reading.js';
import { readingOf } from '../../edition/reading-commands.js';
import type { SessionState } from '../../session/state.js';
import type { Preview, Session } from '../../session/session.js';
import { toReadWhere } from '../editions.js';
import { renderMarkdown } from './markdown.js';
import { withStepTitles } from '../../lab/step-titles.js';
import { sanitizeLine } from './text.js';
import { wrapLine } from './wrap.js';

/**
 * The parts of a step screen whose size decides the layout — the command box and the explanation —
 * as screen lines, wrapped beforehand. Built once from the step and the terminal's width, so the
 * layout budget (driver/layout.ts) and the view that draws them count the very same lines.
 */

/** What the command box shows: a label that says what Enter / r does now, and the command, wrapped beforehand. */
export interface CommandBox {
  /** The label's screen lines (wrapped beforehand). */
  label: string[];
  /** The command's screen lines (a wrapped line continues under the first, after the `$` column). */
  code: { text: string; first: boolean }[];
  /** The label is a warning (the command cannot run: a value is missing). */
  warn?: boolean;
}

export interface ProseLine {
  text: string;
  dim?: boolean;
}

export interface StepParts {
  block: CommandBox;
  prose: ProseLine[];
  /** The code Enter or r would run now (absent when nothing can run): the lines the learner must have seen. */
  runnable?: string;
  /** Rows the results would like, from the step's checks (never from what it printed, so places do not move). */
  wantResults: number;
}

export interface StepPartsInput {
  session: Pick<Session, 'edition' | 'step' | 'unmetDependency' | 'replaces'>;
  state: SessionState;
  stepId: string;
  text: LabText;
  readOnly: boolean;
  preview: Preview | undefined;
  /** The step's place in the lab (1-based): the lab's introduction comes before the first step's words. */
  index: number;
  hintsShown: number;
  width: number;
  color: boolean;
  t: Translate;
}

/** Screen lines of the command box: its label, then the command. */
export function commandBoxRows(block: CommandBox): number {
  return block.label.length + block.code.length;
}

export function stepParts(input: StepPartsInput): StepParts {
  const { session, state, stepId, text, readOnly, width, t } = input;
  const { edition } = session;
  const step = session.step(stepId);
  const st = state.steps[stepId]!;
  const words = text.steps[stepId];
  const running = st.status === 'running';
  const own = edition.command(step);
  // Not run here: this machine lacks what the step needs (its notes say what, with doctor's fix).
  const notRun = st.status === 'notRun';
  const unmet = readOnly || notRun ? undefined : session.unmetDependency(stepId);
  const dependency = unmet && withStepTitles(unmet, edition.lab, text);
  // Commands shown to read: the lab's vars and what was captured filled in, the rest as a word for
  // their kind; in read-only mode no run exists, so its id is such a word too.
  const forReading = readingOf(state.captures, readOnly, edition.lab, t);
  const codeWidth = Math.max(10, width - 2);
  const codeLines = (code: string) =>
    code.split('\n').flatMap((l, n) => wrapLine(sanitizeLine(l), codeWidth).map((text, i) => ({ text, first: n === 0 && i === 0 })));
  const label = (s: string) => wrapLine(s, width);
  // A warning's label is drawn after '⚠ ' (or two spaces): wrapped to the width left beside them.
  const warning = (s: string) => wrapLine(s, Math.max(10, width - 2));

  // The command box: what Enter or r does now, in words.
  let block: CommandBox;
  let runnable: string | undefined;
  if (running && st.command) block = { label: label(t('ui.command.running')), code: codeLines(st.command) };
  else if (!own) block = { label: label(t('session.readingStep')), code: [] };
  else if (readOnly) block = { label: label(t('ui.command.notRun')), code: codeLines(forReading(own.code)) };
  else if (notRun) block = { label: warning(t('ui.command.notRunHere')), code: codeLines(forReading(own.code)), warn: true };
  else if (input.preview && !input.preview.ok) {
    const reason = withStepTitles(input.preview.reason, edition.lab, text);
    // Why it cannot run, then the command as it will run once it can (its missing value as a word
    // for its kind): the explanation's "the command is shown below" points at something.
    block = { label: warning(t(reason.key, reason.params)), code: codeLines(forReading(own.code)), warn: true };
  } else {
    const code = input.preview?.ok ? input.preview.code : own.code;
    runnable = input.preview?.ok ? input.preview.code : undefined;
    const replaces = st.status === 'pending' ? [] : session.replaces(stepId);
    const said =
      st.status === 'pending'
        ? t('ui.command.willRun')
        : st.status === 'skipped'
          ? t('ui.command.runSkipped')
          : replaces.length
            ? t('ui.command.rerunReplaces', { names: replaces.join(', ') })
            : t('ui.command.rerun');
    // Said before it runs: what this step inspects was never created, so it will not be judged.
    block = dependency
      ? { label: [...warning(t(dependency.key, dependency.params)), ...warning(said)], code: codeLines(code), warn: true }
      : { label: label(said), code: codeLines(code) };
  }

  // The step as written: prose, then commands to read and the docs' output where the author put them.
  // This platform's command is pointed to; it is shown (and run) in its own box below.
  // The lab's introduction (what a learner needs first: hyperv-isolation's runc / gVisor / Hyper-V
  // table) comes before the first step's own words, in the same scrolled explanation, until the step
  // runs or a hint is asked for: then the results need the room.
  const intro: ProseLine[] =
    input.index === 1 && st.status === 'pending' && !input.hintsShown && text.intro.trim()
      ? renderMarkdown(text.intro, width, input.color)
          .flatMap((l) => wrapLine(l, width))
          .map((line) => ({ text: line }))
      : [];
  const prose: ProseLine[] = [
    ...intro,
    ...readingFor(words?.body ?? step.body, edition, { readOnly: false, otherPlatformsLast: true }).flatMap((part): ProseLine[] => {
      if (part.kind === 'markdown')
        return [
          { text: '' },
          ...renderMarkdown(part.text, width, input.color)
            .flatMap((l) => wrapLine(l, width))
            .map((text) => ({ text })),
        ];
      if (part.kind === 'command') return [{ text: '' }, { text: t('ui.command.below'), dim: true }, { text: '' }];
      const lbl = part.kind === 'toRead' ? t('ui.command.toRead', { platform: toReadWhere(part, edition) }) : t('run.exampleOutput');
      const body = part.kind === 'toRead' ? forReading(part.code) : part.text;
      // Long lines wrap with a hanging indent, so a wrapped command still reads as one command.
      const lines = body
        .split('\n')
        .flatMap((l) => wrapLine(sanitizeLine(l), Math.max(20, width - 4)).map((w, i) => `${i ? '    ' : '  '}${w}`));
      return [{ text: '' }, { text: lbl, dim: true }, ...lines.map((text) => ({ text, dim: part.kind === 'example' })), { text: '' }];
    }),
  ].filter((line, i, all) => line.text !== '' || (i > 0 && all[i - 1]!.text !== '' && i < all.length - 1));

  const checks = edition.checks(step).length;
  const wantResults = !own ? 2 : Math.max(5, checks * 2 + 5);
  return { block, prose, ...(runnable !== undefined ? { runnable } : {}), wantResults };
}
