import { Box } from 'ink';
import type { LabText } from '../../lab/localize.js';
import type { Preview } from '../../session/session.js';
import type { LabRun } from '../driver/lab-run.js';
import type { SessionState } from '../../session/state.js';
import { fallbackLang } from '../labs.js';
import { displayStatus } from '../render/status.js';
import type { ControllerState } from '../controller.js';
import { useLook } from '../theme.js';
import { StepList } from './StepList.js';
import { StepPane } from './StepPane.js';

/** Prose is easier to read in lines of at most this many columns, however wide the terminal. */
const MAX_PROSE_WIDTH = 100;

interface LabScreenProps {
  session: LabRun;
  state: SessionState;
  text: LabText;
  ui: ControllerState;
  readOnly: boolean;
  preview: Preview | undefined;
  onProseMeasure: (max: number, page: number) => void;
  onResultsMeasure: (max: number, page: number) => void;
  /** Lines the lab screen may use. */
  height: number;
}

/**
 * A lab: the steps and the selected one. Wide terminals put the step list beside the step; narrow
 * ones above it, windowed, so that the command and the verdicts keep their room at 80×24.
 */
export function LabScreen({ session, state, text, ui, readOnly, preview, onProseMeasure, onResultsMeasure, height }: LabScreenProps) {
  const { columns, rows, locale } = useLook();
  const steps = session.steps();
  const stepId = steps[ui.stepIndex]?.id;
  if (!stepId) return null;
  const items = steps.map((s) => ({
    id: s.id,
    title: text.steps[s.id]?.title ?? s.title,
    status: displayStatus(state.steps[s.id]),
    fallbackLang: fallbackLang(text, s.id, locale, session.lab.lang),
  }));
  const wide = columns >= 110;
  const listWidth = wide ? Math.min(48, Math.floor(columns * 0.34)) : undefined;
  const paneWidth = Math.min(columns - (listWidth ? listWidth + 2 : 0), MAX_PROSE_WIDTH);
  // A short terminal gives the step list fewer lines: the step's explanation and results need them more.
  const listMax = rows >= 40 ? 10 : rows >= 30 ? 7 : rows >= 24 ? 5 : 3;
  const listRows = wide ? 0 : Math.min(items.length, listMax) + 1;
  const pane = (
    <StepPane
      session={session}
      state={state}
      stepId={stepId}
      preview={preview}
      position={{ index: ui.stepIndex + 1, total: steps.length }}
      text={text}
      readOnly={readOnly}
      hintsShown={ui.hintsShown}
      proseScroll={ui.proseScroll}
      resultsScroll={ui.resultsScroll}
      onProseMeasure={onProseMeasure}
      onResultsMeasure={onResultsMeasure}
      cancelRequested={ui.cancelRequested}
      width={paneWidth}
      height={Math.max(8, height - listRows)}
    />
  );
  if (wide) {
    return (
      <Box flexDirection="row" flexShrink={1}>
        <StepList items={items} selected={ui.stepIndex} maxRows={height} width={listWidth} />
        <Box marginLeft={2} flexGrow={1} flexShrink={1}>
          {pane}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" flexShrink={1}>
      <StepList items={items} selected={ui.stepIndex} maxRows={listMax} />
      <Box marginTop={1} flexShrink={1}>
        {pane}
      </Box>
    </Box>
  );
}
