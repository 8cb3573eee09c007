import { Box, Text } from 'ink';
import { useRef } from 'react';
import type { LabText } from '../../lab/localize.js';
import type { LabRun } from '../driver/lab-run.js';
import type { StepScreen } from '../driver/layout.js';
import type { LiveOutput, SessionState } from '../../session/state.js';
import { renderDuration } from '../../i18n/translate.js';
import { useElapsed } from '../hooks/use-elapsed.js';
import { fallbackLang } from '../labs.js';
import { fitRow } from '../render/columns.js';
import { renderMarkdown } from '../render/markdown.js';
import { resultLines } from '../render/results.js';
import { displayStatus, STATUS_GLYPH, STATUS_TONE } from '../render/status.js';
import { exampleLines, outputTail } from '../render/text.js';
import { verdictViews } from '../../report/verdicts.js';
import { paint, useLook } from '../theme.js';
import { CommandView } from './CommandView.js';
import { ProseView } from './ProseView.js';
import { ResultsView } from './ResultsView.js';

interface StepPaneProps {
  session: LabRun;
  state: SessionState;
  /** The step's command box and explanation, and the rows of each part: laid out by the controller (driver/layout.ts). */
  screen: StepScreen;
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
}

/**
 * The selected step: what it explains, what it runs, what happened and what it means. Each part has a
 * fixed place computed from the terminal's size and the step (never from its results), so running
 * the step again updates the parts in place and nothing jumps.
 */
export function StepPane(props: StepPaneProps) {
  const look = useLook();
  const { t } = look;
  const { session, state, stepId, text, readOnly, screen } = props;
  const width = screen.lab.paneWidth;
  const { budget } = screen;
  const { edition } = session;
  const step = session.step(stepId);
  const st = state.steps[stepId]!;
  const words = text.steps[stepId];
  const status = displayStatus(st, readOnly);
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
  const notRun = st.status === 'notRun';
  const resultRows = budget.results.rows;

  // Output shown while a repeating step runs: the last run's, until the next run's is in.
  const held = useRef<{ stepId: string; output: LiveOutput; attempt: number } | undefined>(undefined);
  const hasOutput = st.output.lines.length > 0 || st.output.partial !== '';
  if (!running) held.current = undefined;
  else if (hasOutput || held.current?.stepId !== stepId) held.current = { stepId, output: st.output, attempt: st.attempts };
  const liveOutput = running && held.current ? held.current.output : st.output;

  let output: { title?: string; lines: string[]; hidden: number; hiddenLabel?: string } | undefined;
  if (readOnly || notRun) {
    // Nothing ran: the docs' output for this edition stands in, named as such.
    const lines = exampleLines(edition.examples(step));
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
    verdicts: running ? [] : verdictViews(st, text, session.lab, state, t),
    notes: running ? [] : notes,
    details: look.rows >= 30,
    t,
    hints,
    output,
    width,
  });

  const statusWord = status === 'redo' ? t('ui.status.redo') : t(`status.${status}`);
  const finished = st.status === 'passed' || st.status === 'failed';
  const timing = ticks
    ? t('ui.run.elapsed', { seconds: Math.floor(elapsed / 1000) })
    : finished && own && st.durationMs !== undefined
      ? renderDuration(t, st.durationMs)
      : '';

  const statusText = `${STATUS_GLYPH[status]} ${statusWord}${timing ? ` · ${timing}` : ''}`;
  const fallback = marker ? ` [${marker}] ${t(words?.state === 'stale' ? 'ui.lang.stale' : 'ui.lang.missing')}` : '';
  // One row, built to the pane's width: the status (and its duration) always whole, ending at the pane's edge.
  const titleRow = fitRow(`${props.position.index}/${props.position.total} ${words?.title ?? step.title}${fallback}`, statusText, width);
  const statusAt = titleRow.length - statusText.length;

  return (
    <Box
      flexDirection="column"
      flexShrink={0}
      height={budget.title + budget.prose.rows + budget.command.rows + budget.gap + budget.resultsGap + resultRows}
    >
      <Text wrap="truncate-end">
        <Text bold>{titleRow.slice(0, statusAt)}</Text>
        <Text color={tone ? paint(look, tone) : undefined}>{statusText}</Text>
      </Text>
      {budget.prose.rows > 0 && (
        <ProseView
          lines={screen.parts.prose}
          scroll={props.proseScroll}
          region={budget.prose}
          width={width}
          onMeasure={props.onProseMeasure}
        />
      )}
      <Box flexShrink={0} marginTop={budget.gap} flexDirection="column">
        <CommandView box={screen.parts.block} top={screen.commandTop} region={budget.command} width={width} />
      </Box>
      <Box flexShrink={0} marginTop={budget.resultsGap}>
        <ResultsView lines={results} scroll={props.resultsScroll} height={resultRows} width={width} onMeasure={props.onResultsMeasure} />
      </Box>
    </Box>
  );
}
