import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { LabText } from '../../lab/localize.js';
import { commandForReading, readingFor } from '../../lab/reading.js';
import { kindOfShell, shellOfKind } from '../../lab/model.js';
import { shellName } from '../editions.js';
import { wrapLine } from '../render/wrap.js';
import type { Preview } from '../../session/session.js';
import type { LabRun } from '../driver/lab-run.js';
import type { LiveOutput, SessionState } from '../../session/state.js';
import { renderDuration } from '../../i18n/translate.js';
import { useElapsed } from '../hooks/use-elapsed.js';
import { fallbackLang } from '../labs.js';
import { renderMarkdown } from '../render/markdown.js';
import { resultLines } from '../render/results.js';
import { displayStatus, STATUS_GLYPH, STATUS_TONE } from '../render/status.js';
import { outputTail, sanitizeLine, trimTrailingBlank } from '../render/text.js';
import { verdictViews } from '../../report/verdicts.js';
import { paint, useLook } from '../theme.js';
import { CommandView, commandRows, type CommandBlock } from './CommandView.js';
import { ProseView, type ProseLine } from './ProseView.js';
import { ResultsView } from './ResultsView.js';

interface StepPaneProps {
  session: LabRun;
  state: SessionState;
  /** What Enter would run now; the driver checks it again before running. */
  preview: Preview | undefined;
  stepId: string;
  position: { index: number; total: number };
  text: LabText;
  readOnly: boolean;
  hintsShown: number;
  proseScroll: number;
  resultsScroll: number;
  onProseMeasure: (max: number, page: number) => void;
  onResultsMeasure: (max: number, page: number) => void;
  cancelRequested: boolean;
  /** Columns the pane may use. */
  width: number;
  /** Lines the pane may use. */
  height: number;
}

/**
 * The selected step: what it explains, what it runs, what happened and what it means. Each part has a
 * fixed place computed from the terminal's size and the step (never from its results), so running
 * the step again updates the parts in place and nothing jumps.
 */
export function StepPane(props: StepPaneProps) {
  const look = useLook();
  const { t } = look;
  const { session, state, stepId, text, readOnly, width } = props;
  const { edition } = session;
  const step = session.step(stepId);
  const st = state.steps[stepId]!;
  const words = text.steps[stepId];
  const status = displayStatus(st);
  const running = st.status === 'running';
  // A step that runs its command again and again (eventually, holdsFor) shows no ticking clock: its
  // screen changes once per run, when that run's output is in.
  // With --reduced-motion the clock does not tick either: "running" says it, the duration comes at the end.
  const repeats = !!(step.eventually || step.holdsFor);
  const ticks = running && !repeats && !look.reducedMotion;
  const elapsed = useElapsed(st.startedAt, ticks);
  const marker = fallbackLang(text, stepId, look.locale, session.lab.lang);
  const tone = STATUS_TONE[status];
  const own = edition.command(step);
  // Not run here: this machine lacks what the step needs (its notes say what, with doctor's fix).
  const notRun = st.status === 'notRun';
  const dependency = readOnly || notRun ? undefined : session.unmetDependency(stepId);
  // Values for commands shown to read: the lab's vars and what was captured; in read-only mode no run
  // exists, so its id is shown as <run>.
  const readingValues = new Map(Object.entries(state.captures).filter(([name]) => !(readOnly && name === 'run')));
  const codeWidth = Math.max(10, width - 2);
  const codeLines = (code: string) =>
    code.split('\n').flatMap((l, n) => wrapLine(sanitizeLine(l), codeWidth).map((text, i) => ({ text, first: n === 0 && i === 0 })));
  const label = (s: string) => wrapLine(s, width);

  // The command box: what Enter or r does now, in words.
  let block: CommandBlock;
  if (running && st.command) block = { label: label(t('ui.command.running')), code: codeLines(st.command) };
  else if (!own) block = { label: label(t('session.readingStep')), code: [] };
  else if (readOnly) block = { label: label(t('ui.command.notRun')), code: codeLines(commandForReading(own.code, readingValues)) };
  else if (notRun)
    block = { label: label(t('ui.command.notRunHere')), code: codeLines(commandForReading(own.code, readingValues)), warn: true };
  else if (props.preview && !props.preview.ok)
    block = { label: label(t(props.preview.reason.key, props.preview.reason.params)), code: [], warn: true };
  else {
    const code = props.preview?.ok ? props.preview.code : own.code;
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
      ? { label: [...label(t(dependency.key, dependency.params)), ...label(said)], code: codeLines(code), warn: true }
      : { label: label(said), code: codeLines(code) };
  }

  // The step as written: prose, then commands to read and the docs' output where the author put them.
  // This platform's command is pointed to; it is shown (and run) in its own box below.
  // The lab's introduction (what a learner needs first: hyperv-isolation's runc / gVisor / Hyper-V
  // table) comes before the first step's own words, in the same scrolled explanation, until the step
  // runs or a hint is asked for: then the results need the room.
  const intro: ProseLine[] =
    props.position.index === 1 && st.status === 'pending' && !props.hintsShown && text.intro.trim()
      ? renderMarkdown(text.intro, width, look.color)
          .flatMap((l) => wrapLine(l, width))
          .map((line) => ({ text: line }))
      : [];
  const prose: ProseLine[] = [
    ...intro,
    ...readingFor(words?.body ?? step.body, edition, { readOnly: false, otherPlatformsLast: true }).flatMap((part): ProseLine[] => {
      if (part.kind === 'markdown')
        return [
          { text: '' },
          ...renderMarkdown(part.text, width, look.color)
            .flatMap((l) => wrapLine(l, width))
            .map((text) => ({ text })),
        ];
      if (part.kind === 'command') return [{ text: '' }, { text: t('ui.command.below'), dim: true }, { text: '' }];
      // This platform's command in the other shell is named by its shell too: "(linux · PowerShell)".
      const otherShell =
        part.kind === 'toRead' && part.shell && part.shell !== kindOfShell(edition.shell) && part.platforms.includes(edition.platform)
          ? ` · ${shellName(shellOfKind(part.shell))}`
          : '';
      const lbl =
        part.kind === 'toRead' ? t('ui.command.toRead', { platform: part.platforms.join(', ') + otherShell }) : t('run.exampleOutput');
      const body = part.kind === 'toRead' ? commandForReading(part.code, readingValues) : part.text;
      // Long lines wrap with a hanging indent, so a wrapped command still reads as one command.
      const lines = body
        .split('\n')
        .flatMap((l) => wrapLine(sanitizeLine(l), Math.max(20, width - 4)).map((w, i) => `${i ? '    ' : '  '}${w}`));
      return [{ text: '' }, { text: lbl, dim: true }, ...lines.map((text) => ({ text, dim: part.kind === 'example' })), { text: '' }];
    }),
  ].filter((line, i, all) => line.text !== '' || (i > 0 && all[i - 1]!.text !== '' && i < all.length - 1));

  // Room: title, prose, a blank line, the command, a blank line, then the results take the rest. A
  // command too long for the screen takes the blank lines first, then the explanation (Space still
  // scrolls what is left of it); the command itself is never cut.
  const cmdRows = commandRows(block);
  const roomy = props.height - 3 - cmdRows >= 8;
  const gap = roomy ? 1 : 0;
  const free = Math.max(3, props.height - 1 - 2 * gap - cmdRows);
  // The results get room for the step's verdicts (a check's sentence may wrap once) and a few lines of
  // output, from what the step declares, never from what it printed: so the places do not move.
  const checks = edition.checks(step).length;
  const wantResults = !own ? 2 : Math.min(Math.max(5, checks * 2 + 5), Math.max(3, Math.floor(free / 2)));
  // The explanation keeps at least four lines and a marker where the screen allows: never a 2-line slit.
  let proseRows = prose.length ? Math.min(prose.length, Math.max(Math.min(5, free - 3), free - wantResults)) : 0;
  if (proseRows === 1 && prose.length > 1) proseRows = 0; // one line cannot hold a line and its marker
  const resultRows = Math.max(2, free - proseRows);

  // Output shown while a repeating step runs: the last run's, until the next run's is in.
  const held = useRef<{ stepId: string; output: LiveOutput; attempt: number } | undefined>(undefined);
  const hasOutput = st.output.lines.length > 0 || st.output.partial !== '';
  if (!running) held.current = undefined;
  else if (hasOutput || held.current?.stepId !== stepId) held.current = { stepId, output: st.output, attempt: st.attempts };
  const liveOutput = running && held.current ? held.current.output : st.output;

  let output: { title?: string; lines: string[]; hidden: number; hiddenLabel?: string } | undefined;
  if (readOnly || notRun) {
    // Nothing ran: the docs' output for this edition stands in, named as such.
    const examples = edition.examples(step);
    const lines = trimTrailingBlank(examples.flatMap((e) => e.text.split('\n'))).map(sanitizeLine);
    if (lines.length) output = { title: t('run.exampleOutput'), lines, hidden: 0 };
  } else if (running || st.status === 'passed' || st.status === 'failed') {
    // The results window scrolls: a finished step keeps all its output there (o opens it wide).
    const tail = outputTail(liveOutput, running ? Math.max(1, resultRows - 2) : 200);
    if (tail.lines.length || running) {
      output = {
        ...(running ? {} : { title: t('ui.output.title') }),
        lines: tail.lines,
        hidden: tail.hidden,
        hiddenLabel: t('ui.output.earlier', { count: tail.hidden }),
      };
    }
  }
  const hints = (words?.hints ?? step.hints).slice(0, props.hintsShown).map((h, i, all) => ({
    label: t('ui.hint.label', { n: i + 1, total: (words?.hints ?? step.hints).length || all.length }),
    lines: renderMarkdown(h, width - 2, look.color),
  }));
  // A reason to redo that no longer holds says so: the value it named was captured again since.
  const recaptured = (n: (typeof st.notes)[number]) =>
    n.key === 'progress.usesStale' &&
    typeof n.params?.name === 'string' &&
    state.captures[n.params.name]?.stepId !== undefined &&
    state.steps[state.captures[n.params.name]!.stepId]?.status === 'passed';
  const notes = st.notes
    .filter((n) => n.key !== 'session.readingStep')
    .map((n) =>
      status !== 'redo' ? t(n.key, n.params) : recaptured(n) ? t('progress.recaptured', n.params) : t('ui.redo.because', { reason: n }),
    );
  const results = resultLines({
    ...(running
      ? {
          status: {
            text: props.cancelRequested
              ? t('ui.run.stopping')
              : repeats && held.current?.attempt
                ? t('ui.run.runningAttempt', { count: held.current.attempt })
                : t('ui.run.running'),
            tone: 'accent' as const,
          },
        }
      : {}),
    verdicts: running ? [] : verdictViews(st, words, state, t),
    notes: running ? [] : notes,
    details: look.rows >= 30,
    t,
    hints,
    output,
    width,
  });

  const statusWord =
    !own && st.status === 'passed' ? t('ui.status.read') : status === 'redo' ? t('ui.status.redo') : t(`status.${st.status}`);
  const finished = st.status === 'passed' || st.status === 'failed';
  const timing = ticks
    ? t('ui.run.elapsed', { seconds: Math.floor(elapsed / 1000) })
    : finished && own && st.durationMs !== undefined
      ? renderDuration(t, st.durationMs)
      : '';

  return (
    <Box flexDirection="column" flexShrink={0} height={props.height}>
      <Box flexShrink={0}>
        <Box flexGrow={1} flexShrink={1}>
          <Text bold wrap="truncate-end">
            {`${props.position.index}/${props.position.total} ${words?.title ?? step.title}`}
            {marker ? <Text dimColor>{` [${marker}] ${t(words?.state === 'stale' ? 'ui.lang.stale' : 'ui.lang.missing')}`}</Text> : null}
          </Text>
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text color={tone ? paint(look, tone) : undefined}>{`${STATUS_GLYPH[status]} ${statusWord}${timing ? ` · ${timing}` : ''}`}</Text>
        </Box>
      </Box>
      {proseRows > 0 && <ProseView lines={prose} scroll={props.proseScroll} height={proseRows} onMeasure={props.onProseMeasure} />}
      <Box flexShrink={0} marginTop={gap} flexDirection="column">
        <CommandView block={block} />
      </Box>
      <Box flexShrink={0} marginTop={gap}>
        <ResultsView lines={results} scroll={props.resultsScroll} height={resultRows} onMeasure={props.onResultsMeasure} />
      </Box>
    </Box>
  );
}
