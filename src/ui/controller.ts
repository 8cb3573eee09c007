import { msg, type Msg, type Params } from '../i18n/translate.js';
import type { Shell } from '../lab/model.js';
import type { ShownStatus } from '../session/state.js';
import { BINDINGS, type Command, type KeyContext } from './keys/bindings.js';
import { shellName } from './editions.js';
import { initialUiState, uiReducer, type Notice, type UiState } from './state/ui-state.js';

export { footerOf } from './keys/footer.js';

/**
 * What the UI does, without a terminal: (state, facts, event) → (state, effects). The driver
 * (driver/driver.ts) feeds it key commands and the outcome of what it asked for, performs the
 * effects it returns (open a lab, run a step, pause, remove…), and views render the state. Pure, so every rule of the learner's loop —
 * what Enter does now, that leaving keeps what the lab created, that nothing is removed without a key
 * pressed after seeing the commands — is tested without ink.
 */

/** Where the learner is going while a lab is being left; the one place leaving is represented. */
export interface Leaving {
  /**
   * After leaving: the lab list, the end of isolab, back in the lab (a removal from the end screen),
   * or the same lab again in another shell's edition (e): progress and ledger are per edition; the lock is the lab's (Edition.lockKey).
   */
  then: 'home' | 'quit' | 'stay' | 'shell';
  /** The shell to open the lab in again (then: 'shell'). */
  shell?: Shell;
  /** ask: the learner chooses keep or remove (the commands are on screen); pausing / removing: in progress. */
  stage: 'ask' | 'pausing' | 'removing';
}

export interface ControllerState extends UiState {
  /** The lab being opened (its preflight may still be running): the one place opening is represented. */
  opening?: number;
  /**
   * A lab with saved progress waits for the learner's choice; `checking` while resume re-validates,
   * `removing` while starting over removes what the earlier run kept.
   */
  resume?: { checking: boolean; removing?: boolean };
  leaving?: Leaving;
  /** The end-of-lab screen is showing. */
  ended: boolean;
  /** The selected step's full output, scrolled: first line and first column shown. */
  viewer?: { top: number; left: number };
  /** First line shown of the verdicts-and-output area. */
  resultsScroll: number;
  /** The UI has finished; nothing more happens. */
  exited: boolean;
  /** The learner moved on the lab list: a suggestion arriving later (see home-suggestion.ts) no longer moves the cursor. */
  labChosen: boolean;
}

export const initialControllerState: ControllerState = {
  ...initialUiState,
  ended: false,
  resultsScroll: 0,
  exited: false,
  labChosen: false,
};

/** A step as far as the keys care. */
export interface StepFacts {
  id: string;
  status: ShownStatus | 'redo';
  hints: number;
  /** A step with nothing to run here: Enter marks it read. */
  reads?: boolean;
}

/** What the App knows about the screen right now, read at the moment of each event. */
export interface Facts {
  labCount: number;
  lab?: {
    readOnly: boolean;
    busy: boolean;
    /** A session is in use (false while the resume question waits). */
    started: boolean;
    steps: readonly StepFacts[];
    /** The selected step's command as Enter would run it: ok, or why it cannot run. */
    preview?: { ok: true } | { ok: false; reason: Msg };
    /** The command now is the one the screen last showed (Enter may run only what was seen). */
    shownMatches: boolean;
    /** Every line of that command has been on screen (a command taller than its box is scrolled with c first). */
    shownWhole: boolean;
    /** Something this run created may still be there (containers, processes): leaving asks. */
    keeps: boolean;
    /** At the resume question: the earlier run keeps something, and starting over removes it first. */
    earlierKeeps?: boolean;
    /** The selected step has output to open in the viewer. */
    hasOutput: boolean;
    /** The edition's shell, and the shells the lab offers on this platform (e cycles them). */
    shell: Shell;
    shells: readonly Shell[];
  };
  prose: { max: number; page: number };
  /** The command box: how far it scrolls (0: it fits) and its page. */
  command: { max: number; page: number };
  results: { max: number; page: number };
  viewer: { maxTop: number; maxLeft: number; page: number };
}

export type Effect =
  /** Open a lab; with `shell`, in that shell's edition (it becomes the learner's choice, as a language does). */
  | { type: 'open'; labIndex: number; shell?: Shell }
  | { type: 'start'; fresh: boolean }
  | { type: 'run'; stepId: string; replace: boolean }
  | { type: 'skip'; stepId: string }
  | { type: 'cancel' }
  /** Leave the lab keeping what it created; answer with `left`. */
  | { type: 'pause' }
  /** Run the cleanup the learner agreed to (its commands were on screen); answer with `removed`. */
  | { type: 'remove' }
  | { type: 'language' }
  | { type: 'exit'; code: number; forced: boolean };

export type ControllerEvent =
  | { type: 'key'; command: Command }
  | { type: 'opened'; saved: boolean }
  | { type: 'openFailed'; notice: Notice }
  | { type: 'started'; stepIndex: number; notice?: Notice }
  | { type: 'stepEnded'; error?: string }
  | { type: 'left' }
  | { type: 'removed'; notice: Notice }
  | { type: 'notify'; notice: Notice }
  /** The home screen knows a lab to suggest (no engine answers, this one runs without): the cursor goes there unless the learner moved it. */
  | { type: 'suggest'; labIndex: number }
  /** SIGTERM/SIGHUP: leave as with q, keeping everything (nobody is there to ask). */
  | { type: 'stop' };

export interface Outcome {
  state: ControllerState;
  effects: Effect[];
}

const notice = (tone: Notice['tone'], key: string, params?: Params): Notice => ({ tone, lines: [msg(key, params)] });

/** Which keys apply now. */
export function contextOf(s: ControllerState, f: Facts): KeyContext {
  if (s.leaving) return s.leaving.stage === 'ask' ? 'leaving' : 'busy';
  if (s.exited) return 'busy';
  if (s.helpOpen) return 'help';
  if (s.screen === 'home' || !f.lab) return 'home';
  if (!f.lab.started) return s.resume?.checking || s.resume?.removing ? 'busy' : 'resumePrompt';
  if (s.viewer) return 'viewer';
  if (s.ended) return 'end';
  return 'lab';
}

/** One event in, the next state and what to do out. */
export function update(s: ControllerState, f: Facts, e: ControllerEvent): Outcome {
  const out = (state: ControllerState, ...effects: Effect[]): Outcome => ({ state, effects });
  const ui = (state: ControllerState, action: Parameters<typeof uiReducer>[1]): ControllerState => ({
    ...state,
    ...uiReducer(state, action),
  });
  const say = (state: ControllerState, tone: Notice['tone'], key: string, params?: Params) =>
    out({ ...state, notice: notice(tone, key, params) });
  if (s.exited) return out(s);

  switch (e.type) {
    case 'opened':
      if (e.saved) return out({ ...s, opening: undefined, screen: 'lab', resume: { checking: false } });
      return out({ ...s, opening: undefined }, { type: 'start', fresh: true });
    case 'openFailed':
      return out({ ...s, opening: undefined, notice: e.notice });
    case 'started': {
      const next = ui(
        { ...s, opening: undefined, resume: undefined, ended: false, viewer: undefined, resultsScroll: 0 },
        { type: 'openedLab', stepIndex: e.stepIndex },
      );
      return out(e.notice ? { ...next, notice: e.notice } : next);
    }
    case 'stepEnded': {
      const next = { ...ui(s, { type: 'stepEnded' }), resultsScroll: 0 };
      return e.error ? say(next, 'warn', 'ui.notice.runFailed', { error: e.error }) : out(next);
    }
    case 'left': {
      const then = s.leaving?.then ?? 'home';
      const base = { ...s, leaving: undefined, viewer: undefined, ended: false, resume: undefined };
      if (then === 'quit') return out({ ...base, exited: true }, { type: 'exit', code: 0, forced: false });
      if (then === 'shell' && s.leaving?.shell) {
        // The edition left is paused (saved, its resources kept or removed as the learner chose); the other one opens.
        const switched = msg('ui.shell.switched', { shell: shellName(s.leaving.shell) });
        const said: Notice = { tone: s.notice?.tone ?? 'info', lines: [...(s.notice?.lines ?? []), switched] };
        return out(
          { ...ui(base, { type: 'backHome' }), opening: s.labIndex, notice: said },
          { type: 'open', labIndex: s.labIndex, shell: s.leaving.shell },
        );
      }
      return out({ ...ui(base, { type: 'backHome' }), notice: s.notice });
    }
    case 'removed': {
      const then = s.leaving?.then ?? 'home';
      if (then === 'stay') return out({ ...s, leaving: undefined, notice: e.notice });
      // What was removed is said; leaving then goes on as a pause (there is nothing left to keep).
      return out({ ...s, leaving: { ...s.leaving, then, stage: 'pausing' }, notice: e.notice }, { type: 'pause' });
    }
    case 'notify':
      return out({ ...s, notice: e.notice });
    case 'suggest':
      if (s.labChosen || s.screen !== 'home' || s.opening !== undefined) return out(s);
      return out({ ...s, labIndex: e.labIndex });
    case 'stop':
      return leaveNow(s, 'quit');
    case 'key':
      return onKey({ ...s, ...(e.command === 'interrupt' ? {} : { notice: undefined }) }, f, e.command);
  }

  function leaveNow(state: ControllerState, then: Leaving['then'], shell?: Shell): Outcome {
    if (state.leaving && state.leaving.stage !== 'ask') return out(state);
    if (!f.lab) return then === 'quit' ? out({ ...state, exited: true }, { type: 'exit', code: 0, forced: false }) : out(state);
    return out({ ...state, leaving: { then, stage: 'pausing', ...(shell ? { shell } : {}) }, helpOpen: false }, { type: 'pause' });
  }

  /** Leaving a lab asks first when it keeps something running; otherwise it just leaves. */
  function leave(state: ControllerState, then: 'home' | 'quit' | 'shell', shell?: Shell): Outcome {
    const to = shell ? { shell } : {};
    if (f.lab?.started && f.lab.keeps && !f.lab.readOnly)
      return out({ ...state, leaving: { then, stage: 'ask', ...to }, helpOpen: false, viewer: undefined });
    return leaveNow(state, then, shell);
  }

  function onKey(state: ControllerState, facts: Facts, command: Command): Outcome {
    const context = contextOf(s, facts);
    const lab = facts.lab;
    const selected = lab?.steps[state.stepIndex];
    switch (command) {
      case 'interrupt':
        if (context === 'busy' && state.leaving) return out({ ...state, exited: true }, { type: 'exit', code: 130, forced: true });
        if (lab?.busy && !state.cancelRequested && context !== 'busy') {
          return out({ ...ui(state, { type: 'cancelRequested' }), notice: notice('warn', 'ui.notice.cancelling') }, { type: 'cancel' });
        }
        return leaveNow(state, 'quit');
      case 'quit':
        if (context === 'leaving') return leaveNow(state, 'quit');
        return context === 'home' || (context === 'help' && !lab)
          ? out({ ...state, exited: true }, { type: 'exit', code: 0, forced: false })
          : leave(state, 'quit');
      case 'help':
        // The help scrolls in the results' window (PgDn / PgUp): it opens at its top, the step's results too when it closes.
        return out({ ...ui(state, { type: 'toggleHelp' }), resultsScroll: 0 });
      case 'back':
        if (context === 'help') return out({ ...ui(state, { type: 'closeHelp' }), resultsScroll: 0 });
        if (context === 'viewer') return out({ ...state, viewer: undefined });
        if (context === 'end') return out({ ...state, ended: false, resultsScroll: 0 });
        return leave(state, 'home');
      case 'stay':
        return out({ ...state, leaving: undefined });
      case 'keep':
        return state.leaving ? leaveNow({ ...state, leaving: undefined }, state.leaving.then, state.leaving.shell) : out(state);
      case 'remove':
        if (!lab?.keeps) return say(state, 'info', 'ui.notice.nothingToRemove');
        return out({ ...state, leaving: { ...state.leaving, then: state.leaving?.then ?? 'stay', stage: 'removing' } }, { type: 'remove' });
      case 'labs':
        return leave({ ...state, ended: false, resultsScroll: 0 }, 'home');
      case 'language':
        return out(state, { type: 'language' });
      case 'shell': {
        if (!lab) return out(state);
        if (lab.shells.length < 2) return say(state, 'info', 'ui.notice.oneShell', { shell: shellName(lab.shell) });
        // A running step is never left behind by a switch: it ends (or Ctrl+C stops it) first.
        if (lab.busy) return say(state, 'warn', 'ui.notice.busyShell');
        const next = lab.shells[(lab.shells.indexOf(lab.shell) + 1) % lab.shells.length]!;
        // Like leaving: what this edition created is kept or removed as the learner chooses on screen, never lost silently.
        return leave({ ...state, ended: false, resultsScroll: 0 }, 'shell', next);
      }
      case 'up':
      case 'down': {
        const delta = command === 'up' ? -1 : 1;
        // At either end nothing moves: said, so a screen reader does not meet silence.
        if (context === 'home' && facts.labCount && clamp(state.labIndex + delta, 0, facts.labCount - 1) === state.labIndex)
          return say({ ...state, labChosen: true }, 'info', delta < 0 ? 'ui.notice.firstLab' : 'ui.notice.lastLab');
        if (context === 'home') return out({ ...ui(state, { type: 'moveLab', delta, count: facts.labCount }), labChosen: true });
        if (context === 'lab' && lab?.steps.length && sameStep(state, delta, lab.steps.length))
          return say(state, 'info', delta < 0 ? 'ui.notice.firstStep' : 'ui.notice.lastStep');
        if (context === 'viewer' && state.viewer)
          return out({ ...state, viewer: { ...state.viewer, top: clamp(state.viewer.top + delta, 0, facts.viewer.maxTop) } });
        return out({
          ...ui(state, { type: 'moveStep', delta, count: lab?.steps.length ?? 0 }),
          resultsScroll: state.resultsScroll * (sameStep(state, delta, lab?.steps.length ?? 0) ? 1 : 0),
        });
      }
      case 'left':
      case 'right':
        if (!state.viewer) return out(state);
        return out({
          ...state,
          viewer: { ...state.viewer, left: clamp(state.viewer.left + (command === 'left' ? -8 : 8), 0, facts.viewer.maxLeft) },
        });
      case 'open':
        if (state.opening !== undefined || state.screen === 'lab') return out(state);
        if (!facts.labCount) return out(state);
        return out({ ...state, opening: state.labIndex, labChosen: true }, { type: 'open', labIndex: state.labIndex });
      case 'resume':
      case 'fresh':
        if (state.resume?.checking || state.resume?.removing) return out(state);
        return out(
          { ...state, resume: { checking: command === 'resume', removing: command === 'fresh' && !!lab?.earlierKeeps } },
          { type: 'start', fresh: command === 'fresh' },
        );
      case 'run':
      case 'rerun': {
        if (!lab || !selected) return out(state);
        if (lab.readOnly && command === 'rerun') return say(state, 'info', 'ui.notice.readOnly');
        if (lab.busy) return say(state, 'warn', 'ui.notice.busy');
        // Not run here: this machine lacks what it needs, so there is nothing to run; Enter moves on.
        if (command === 'rerun' && selected.status === 'notRun') return say(state, 'info', 'ui.notice.notRunHere');
        // Only read, every step is as good as done: Enter reads on.
        const ran = lab.readOnly || (selected.status !== 'pending' && selected.status !== 'redo');
        if (command === 'run' && ran) {
          // Enter on a step that ran or was skipped moves on (it never re-runs: that is r). At the end, the end screen.
          if (state.stepIndex < lab.steps.length - 1)
            return out({ ...ui(state, { type: 'moveStep', delta: 1, count: lab.steps.length }), resultsScroll: 0 });
          return out({ ...state, ended: true, helpOpen: false, resultsScroll: 0 });
        }
        // The notices name the key that runs the command: Enter on a step not run yet, r on one that
        // ran (where Enter moves on, so "then Enter" would send the learner to the next step).
        const run = keyWord(command);
        if (!lab.shownMatches) return say(state, 'warn', 'ui.notice.commandChanged', { run });
        // Nothing runs unseen: a command taller than its box runs once all of it has been on screen.
        if (!lab.shownWhole) return say(state, 'warn', 'ui.notice.commandNotWhole', { key: 'm', run });
        // The command box already says why and what to do: the notice does not say it a second time.
        if (lab.preview && !lab.preview.ok) return say(state, 'info', 'ui.notice.cannotRunYet');
        return out({ ...state, resultsScroll: 0 }, { type: 'run', stepId: selected.id, replace: ran });
      }
      case 'skip':
        if (!lab || !selected) return out(state);
        if (lab.readOnly) return say(state, 'info', 'ui.notice.readOnly');
        if (lab.busy) return say(state, 'warn', 'ui.notice.busy');
        if (selected.status === 'passed') return say(state, 'info', 'ui.notice.alreadyPassed');
        if (selected.status === 'read') return say(state, 'info', 'ui.notice.alreadyRead');
        if (selected.status === 'notRun') return say(state, 'info', 'ui.notice.notRunHere');
        return out(
          { ...ui(state, { type: 'moveStep', delta: 1, count: lab.steps.length }), resultsScroll: 0 },
          { type: 'skip', stepId: selected.id },
        );
      case 'hint':
        return selected?.hints ? out(ui(state, { type: 'toggleHint', available: selected.hints })) : say(state, 'info', 'ui.notice.noHint');
      case 'scrollDown':
      case 'scrollUp': {
        const sign = command === 'scrollDown' ? 1 : -1;
        if (context === 'viewer' && state.viewer) {
          return out({
            ...state,
            viewer: { ...state.viewer, top: clamp(state.viewer.top + sign * facts.viewer.page, 0, facts.viewer.maxTop) },
          });
        }
        return out(ui(state, { type: 'scrollProse', delta: sign * facts.prose.page, max: facts.prose.max }));
      }
      case 'commandDown': {
        // One key for a box that is rarely taller than a page or two: the next page, and from the last one back to the top.
        const { max, page } = facts.command;
        if (max <= 0) return out(state);
        const top = Math.min(state.commandScroll, max);
        return out({ ...state, commandScroll: top >= max ? 0 : Math.min(max, top + page) });
      }
      case 'resultsDown':
      case 'resultsUp': {
        const sign = command === 'resultsDown' ? 1 : -1;
        return out({
          ...state,
          resultsScroll: clamp(state.resultsScroll + sign * Math.max(1, facts.results.page - 1), 0, facts.results.max),
        });
      }
      case 'output':
        if (context === 'viewer') return out({ ...state, viewer: undefined });
        if (!lab?.hasOutput) return say(state, 'info', 'ui.notice.noOutput');
        return out({ ...state, viewer: { top: 0, left: 0 } });
    }
  }
}

/** How a notice names the key of a command: a character as it is, a named key as a message (Enter, Entrée). */
function keyWord(command: Command): string | Msg {
  const spec = BINDINGS[command][0]!;
  return 'char' in spec ? spec.char : msg(`ui.keyName.${spec.key === 'return' ? 'enter' : spec.key}`);
}

function sameStep(s: ControllerState, delta: number, count: number): boolean {
  return clamp(s.stepIndex + delta, 0, Math.max(0, count - 1)) === s.stepIndex;
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(Math.max(min, max), n));
}
