import { Box } from 'ink';
import type { LabText } from '../../lab/localize.js';
import type { StepScreen } from '../driver/layout.js';
import type { LabRun } from '../driver/lab-run.js';
import type { SessionState } from '../../session/state.js';
import { fallbackLang } from '../labs.js';
import { displayStatus } from '../render/status.js';
import type { ControllerState } from '../controller.js';
import { useLook } from '../theme.js';
import { StepList } from './StepList.js';
import { StepPane } from './StepPane.js';

interface LabScreenProps {
  session: LabRun;
  state: SessionState;
  text: LabText;
  ui: ControllerState;
  readOnly: boolean;
  /** Where the list and the step go, and the rows of each part of the step (driver/layout.ts). */
  screen: StepScreen;
  onProseMeasure: (max: number, page: number) => void;
  onResultsMeasure: (max: number, page: number) => void;
}

/**
 * A lab: the steps and the selected one. Wide terminals put the step list beside the step; narrow
 * ones above it, windowed, so that the command and the verdicts keep their room at 80×24.
 */
export function LabScreen({ session, state, text, ui, readOnly, screen, onProseMeasure, onResultsMeasure }: LabScreenProps) {
  const { locale } = useLook();
  const steps = session.steps();
  const stepId = steps[ui.stepIndex]?.id;
  if (!stepId) return null;
  const items = steps.map((s) => ({
    id: s.id,
    title: text.steps[s.id]?.title ?? s.title,
    status: displayStatus(state.steps[s.id], readOnly),
    fallbackLang: fallbackLang(text, s.id, locale, session.lab.lang),
  }));
  const { wide, listWidth, listRows, listGap, paneRows } = screen.lab;
  const pane = (
    <StepPane
      session={session}
      state={state}
      stepId={stepId}
      screen={screen}
      position={{ index: ui.stepIndex + 1, total: steps.length }}
      text={text}
      readOnly={readOnly}
      hintsShown={ui.hintsShown}
      proseScroll={ui.proseScroll}
      resultsScroll={ui.resultsScroll}
      onProseMeasure={onProseMeasure}
      onResultsMeasure={onResultsMeasure}
      cancelRequested={ui.cancelRequested}
    />
  );
  if (wide) {
    return (
      <Box flexDirection="row" flexShrink={1}>
        <StepList items={items} selected={ui.stepIndex} maxRows={paneRows} width={listWidth} />
        <Box marginLeft={2} flexGrow={1} flexShrink={1}>
          {pane}
        </Box>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" flexShrink={1}>
      {listRows > 0 && <StepList items={items} selected={ui.stepIndex} maxRows={listRows} />}
      <Box marginTop={listGap} flexShrink={1}>
        {pane}
      </Box>
    </Box>
  );
}
