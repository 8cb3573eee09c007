import { Box, Text } from 'ink';
import type { LabText } from '../../lab/localize.js';
import { commandForReading, readingFor } from '../../lab/reading.js';
import { commandFor } from '../../lab/model.js';
import { wrapLine } from '../render/wrap.js';
import type { Session } from '../../session/session.js';
import type { SessionState } from '../../session/state.js';
import { renderDuration } from '../../i18n/translate.js';
import { useElapsed } from '../hooks/use-elapsed.js';
import { fallbackLang } from '../labs.js';
import { renderMarkdown } from '../render/markdown.js';
import { displayStatus, STATUS_GLYPH, STATUS_TONE } from '../render/status.js';
import { outputTail, sanitizeLine, trimTrailingBlank } from '../render/text.js';
import { verdictViews } from '../../report/verdicts.js';
import { paint, useLook } from '../theme.js';
import { CommandView } from './CommandView.js';
import { HintList } from './HintList.js';
import { OutputView } from './OutputView.js';
import { ProseView, type ProseLine } from './ProseView.js';
import { VerdictList } from './VerdictList.js';

export interface StepPaneProps {
  session: Session;
  state: SessionState;
  /** What Enter would run now; the app checks it again before running. */
  preview: ReturnType<Session['preview']>;
  stepId: string;
  position: { index: number; total: number };
  text: LabText;
  readOnly: boolean;
  hintsShown: number;
  proseScroll: number;
  onProseMeasure: (max: number, page: number) => void;
  cancelRequested: boolean;
  /** Columns the pane may use. */
  width: number;
  /** Lines of output shown while a step runs (fewer once it finished). */
  tailRows: number;
}

/** The selected step: what it explains, what it runs, what happened and what it means. */
export function StepPane(props: StepPaneProps) {
  const look = useLook();
  const { t } = look;
  const { session, state, stepId, text, readOnly, width } = props;
  const step = session.step(stepId);
  const st = state.steps[stepId]!;
  const words = text.steps[stepId];
  const status = displayStatus(st);
  const running = st.status === 'running';
  const elapsed = useElapsed(st.startedAt, running);
  const marker = fallbackLang(text, stepId, look.locale, session.lab.lang);
  const tone = STATUS_TONE[status];
  // Values for commands shown to read: the lab's vars and what was captured; in read-only mode no run
  // exists, so its id is shown as <run>.
  const readingValues = new Map(Object.entries(state.captures).filter(([name]) => !(readOnly && name === 'run')));
  // In read-only mode the command box shows the command to read, placeholders and all.
  const own = commandFor(step, session.edition);
  const dependency = readOnly ? undefined : session.unmetDependency(stepId);
  const preview = readOnly && own ? { ok: true as const, code: commandForReading(own.code, readingValues), shell: own.shell } : props.preview;
  // The step as written: prose, then commands to read and the docs' output where the author put them.
  // This platform's command is pointed to; it is shown (and run) in its own box below.
  const prose: ProseLine[] = readingFor(words?.body ?? step.body, session.platform, { readOnly: false, otherPlatformsLast: true, shell: session.shell }).flatMap((part): ProseLine[] => {
    if (part.kind === 'markdown') return [{ text: '' }, ...renderMarkdown(part.text, width, look.color).map((text) => ({ text }))];
    if (part.kind === 'command') return [{ text: '' }, { text: t('ui.command.below'), dim: true }, { text: '' }];
    const label = part.kind === 'toRead' ? t('ui.command.toRead', { platform: part.platforms.join(', ') }) : t('run.exampleOutput');
    const body = part.kind === 'toRead' ? commandForReading(part.code, readingValues) : part.text;
    // Long lines wrap with a hanging indent, so a wrapped command still reads as one command.
    const lines = body.split('\n').flatMap((l) => wrapLine(sanitizeLine(l), Math.max(20, width - 4)).map((w, i) => `${i ? '    ' : '  '}${w}`));
    return [{ text: '' }, { text: label, dim: true }, ...lines.map((text) => ({ text, dim: part.kind === 'example' })), { text: '' }];
  }).filter((line, i, all) => line.text !== '' || (i > 0 && all[i - 1]!.text !== '' && i < all.length - 1));
  const hints = (words?.hints ?? step.hints).slice(0, props.hintsShown).map((h) => renderMarkdown(h, width - 2, look.color));
  const statusWord = status === 'redo' ? t('ui.status.redo') : t(`status.${st.status}`);
  const finished = st.status === 'passed' || st.status === 'failed';
  const timing = running ? t('ui.run.elapsed', { seconds: Math.floor(elapsed / 1000) }) : finished && st.durationMs !== undefined ? renderDuration(t, st.durationMs) : '';

  let output: { title?: string; lines: string[]; hidden: number } | undefined;
  if (readOnly) {
    const examples = step.examples.filter((e) => !e.platform || e.platform === session.platform);
    const lines = trimTrailingBlank(examples.flatMap((e) => e.text.split('\n'))).map(sanitizeLine);
    if (lines.length) output = { title: t('run.exampleOutput'), lines: lines.slice(0, props.tailRows), hidden: 0 };
  } else if (running || st.status === 'passed' || st.status === 'failed') {
    // Once the step is judged, the verdicts are the point: the output shrinks to its last lines.
    const tail = outputTail(st.output, running ? props.tailRows : Math.min(props.tailRows, 3));
    if (tail.lines.length || running) output = { ...(running ? {} : { title: t('ui.output.title') }), ...tail };
  }

  return (
    <Box flexDirection="column" flexGrow={1} flexShrink={1}>
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
      <ProseView lines={prose} scroll={props.proseScroll} onMeasure={props.onProseMeasure} />
      <Box flexShrink={0} marginTop={prose.length ? 1 : 0} flexDirection="column">
        <CommandView preview={preview} running={running ? st.command : undefined} readOnly={readOnly} ran={st.status !== 'pending'} />
        {/* Said before it runs: what this step inspects was never created, so it will not be judged. */}
        {!readOnly && !running && dependency && <Text color={paint(look, 'warn')}>{`⚠ ${t(dependency.key, dependency.params)}`}</Text>}
      </Box>
      {running && (
        <Box flexShrink={0}>
          <Text color={paint(look, 'accent')}>{props.cancelRequested ? t('ui.run.stopping') : t('ui.run.running')}</Text>
        </Box>
      )}
      {/* Verdicts and hints come before a finished step's output: on a small terminal the output is
          what gets cut, never the explanation of why the step passed or failed. */}
      {running && output && <OutputView title={output.title} lines={output.lines} hidden={output.hidden} />}
      {!running && <VerdictList width={width} verdicts={verdictViews(st, words, state, t)} notes={st.notes.map((n) => (status === 'redo' ? t('ui.redo.because', { reason: n }) : t(n.key, n.params)))} />}
      <HintList hints={hints} total={(words?.hints ?? step.hints).length} />
      {!running && output && <OutputView title={output.title} lines={output.lines} hidden={output.hidden} />}
    </Box>
  );
}
