import type { Msg } from '../../i18n/translate.js';

/**
 * What only the screen cares about: where the learner is looking, what is unfolded, what is being
 * said. Everything about running a lab lives in the Session; this reducer never touches it.
 */
export interface UiState {
  screen: 'home' | 'lab';
  /** Selected lab on the home screen. */
  labIndex: number;
  /** Selected step in the lab view (index into the session's learner steps). */
  stepIndex: number;
  /** How many of the selected step's hints are unfolded. */
  hintsShown: number;
  helpOpen: boolean;
  /** First prose line shown for the selected step. */
  proseScroll: number;
  /** First line shown of the selected step's command box, when the command is taller than its box. */
  commandScroll: number;
  /** One short message about the last thing that happened; cleared by the next key. */
  notice?: Notice;
  /** Ctrl+C was pressed while a step ran: the step is being stopped. */
  cancelRequested: boolean;
}

export interface Notice {
  tone: 'info' | 'warn' | 'ok';
  lines: Msg[];
  /** The lines from this one on are warnings (⚠) after what went as `tone` said: "✔ Removed: …", then "⚠ …". */
  warnFrom?: number;
}

export type UiAction =
  | { type: 'moveLab'; delta: number; count: number }
  | { type: 'openedLab'; stepIndex?: number }
  | { type: 'backHome' }
  | { type: 'moveStep'; delta: number; count: number }
  | { type: 'selectStep'; index: number }
  | { type: 'toggleHint'; available: number }
  | { type: 'toggleHelp' }
  | { type: 'closeHelp' }
  | { type: 'scrollProse'; delta: number; max: number }
  | { type: 'notify'; notice: Notice }
  | { type: 'dismissNotice' }
  | { type: 'cancelRequested' }
  | { type: 'stepEnded' };

export const initialUiState: UiState = {
  screen: 'home',
  labIndex: 0,
  stepIndex: 0,
  hintsShown: 0,
  helpOpen: false,
  proseScroll: 0,
  commandScroll: 0,
  cancelRequested: false,
};

/** Notices about the step that was running: once it has ended they are no longer true, so they go. */
const WHILE_RUNNING = new Set(['ui.notice.busy', 'ui.notice.busyShell', 'ui.notice.cancelling']);

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(max, n));

/** Moving to another step folds its hints and scrolls its prose back to the top. */
const onStep = (state: UiState, index: number): UiState =>
  index === state.stepIndex ? state : { ...state, stepIndex: index, hintsShown: 0, proseScroll: 0, commandScroll: 0 };

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'moveLab':
      return { ...state, labIndex: action.count ? clamp(state.labIndex + action.delta, 0, action.count - 1) : 0 };
    case 'openedLab':
      return {
        ...state,
        screen: 'lab',
        stepIndex: action.stepIndex ?? 0,
        hintsShown: 0,
        proseScroll: 0,
        commandScroll: 0,
        helpOpen: false,
        cancelRequested: false,
      };
    case 'backHome':
      return { ...state, screen: 'home', helpOpen: false, hintsShown: 0, proseScroll: 0, commandScroll: 0, cancelRequested: false };
    case 'moveStep':
      return action.count ? onStep(state, clamp(state.stepIndex + action.delta, 0, action.count - 1)) : state;
    case 'selectStep':
      return onStep(state, action.index);
    case 'toggleHint':
      // Each press unfolds one more hint; after the last, the next press folds them all.
      return { ...state, hintsShown: state.hintsShown >= action.available ? 0 : state.hintsShown + 1 };
    case 'toggleHelp':
      return { ...state, helpOpen: !state.helpOpen };
    case 'closeHelp':
      return { ...state, helpOpen: false };
    case 'scrollProse':
      return { ...state, proseScroll: clamp(state.proseScroll + action.delta, 0, Math.max(0, action.max)) };
    case 'notify':
      return { ...state, notice: action.notice };
    case 'dismissNotice':
      return state.notice ? { ...state, notice: undefined } : state;
    case 'cancelRequested':
      return { ...state, cancelRequested: true };
    case 'stepEnded':
      // "Stopping…" and "a step is running" are over once the step has ended; the step itself says how it ended.
      return {
        ...state,
        cancelRequested: false,
        notice: state.cancelRequested || state.notice?.lines.every((l) => WHILE_RUNNING.has(l.key)) ? undefined : state.notice,
      };
  }
}
