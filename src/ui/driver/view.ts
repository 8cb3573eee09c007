import type { ClassSession, Sharing } from '../../class/link.js';
import { shellsOn } from '../../edition/choose.js';
import type { PreflightReport } from '../../host/preflight.js';
import type { Locale } from '../../i18n/locale.js';
import type { Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import { readingCommands } from '../../edition/reading-commands.js';
import type { Edition } from '../../edition/edition.js';
import type { Platform, Shell } from '../../lab/model.js';
import type { OpenedRun } from '../../session/open-run.js';
import type { SavedProgress } from '../../session/progress-file.js';
import type { LiveProbes } from '../../session/progress.js';
import { savedTally, type StepTally } from '../../report/counts.js';
import type { LeftBehind, PreparedReclaim } from '../../session/reclaim.js';
import type { CleanupPlan, CleanupResult, Preview } from '../../session/session.js';
import type { SessionState } from '../../session/state.js';
import type { StillThere } from '../../session/still-there.js';
import type { ControllerState } from '../controller.js';
import type { HomeSuggestion } from '../home-suggestion.js';
import type { Command, KeyContext } from '../keys/bindings.js';
import { nextLab, type LabEntry, type PreflightCache } from '../labs.js';
import type { LabLifecycle, PausedLab } from '../lifecycle.js';
import type { TranscriptEntry } from '../render/transcript.js';
import type { LabRun, LabRuns, StartedLabRun } from './lab-run.js';

/**
 * What the driver (driver.ts) is given, what it publishes for views, and what views may do: the
 * contract between the driver and whatever renders it.
 */

export interface TuiResult {
  code: number;
  /** What each removal the learner agreed to removed (or could not), in order, that the screen did not already say. */
  cleanups: CleanupResult[];
  /** Labs left running (paused): what each keeps, for the words after the UI. */
  paused: PausedLab[];
  /** The learner left while something was being stopped or removed: the ledger keeps the rest for `isolab cleanup`. */
  forced: boolean;
  progressSaved: boolean;
  /** The language the learner ended in, for the words printed after the UI. */
  locale: string;
}

export interface DriverOptions {
  locale: string;
  readOnly: boolean;
  labsDir: string;
  /** The platform of this machine; undefined on an OS isolab cannot run labs on. */
  host: Platform | undefined;
  /** The shell asked for (isolab --shell); a lab without that edition opens in its own. */
  shell?: Shell | undefined;
  /** Hears how the UI ended. */
  onExit?: ((result: TuiResult) => void) | undefined;
  /** Aborted when the process is told to stop (SIGTERM, SIGHUP): leave as with q, keeping everything. */
  stopSignal?: AbortSignal | undefined;
  /** Holds the session in use, so the caller can pause it however the UI ends. */
  lifecycle?: LabLifecycle | undefined;
  probes?: LiveProbes | undefined;
  preflights?: PreflightCache | undefined;
  /** The runs that ended without a goodbye (a crash, kill -9) and left something behind. */
  leftovers?: (() => readonly LeftBehind[]) | undefined;
  /** The class this machine joined; default: read from the state folder (isolab class join). */
  sharing?: Sharing | undefined;
  /** Hears a run's session for the class (default: attachClass); tests give a fake. */
  attachClass?: ((session: ClassSession, opts: { lang: string }) => { close(): Promise<void> | void }) | undefined;
  /** How labs are opened and started (tests give fakes). */
  runs?: LabRuns | undefined;
  /** Output arrives by the thousand (a ping flood): the view is published at most this often while it does. */
  outputEveryMs?: number | undefined;
  /**
   * The view keeps everything it said (the screen-reader mode's linear text): a removal's notice just
   * before the end was heard, so the words after the UI do not say it again.
   */
  keepsWhatItSaid?: boolean | undefined;
  /** Keeps the language picked with l for the next start (default: in the state folder). */
  rememberLanguage?: ((locale: Locale) => void) | undefined;
  /**
   * The view tells when a frame reached the terminal (frameWritten: ink's onRender, see ui/main.ts):
   * a frame the view showed counts as on screen only then. Without it a frame shown is on screen
   * (ink-testing-library writes every frame at once; the linear view writes before it calls showed).
   */
  framesReported?: boolean | undefined;
}

/** The lab on screen, as a view reads it. */
export interface LabView {
  file: string;
  opened: OpenedRun;
  text: LabText;
  /** The shells the lab offers on this platform (more than one: e switches). */
  shells: readonly Shell[];
  /** The run, once started (absent while the resume question waits). */
  session?: LabRun;
  state?: SessionState;
  /** The selected step, and its command as Enter would run it. */
  stepId?: string;
  preview?: Preview;
  /**
   * For the resume question: the saved progress, how far it got, what that run keeps running (its
   * ledger), and the commands starting over runs first to remove it (shown, so f agrees to them).
   */
  resume?: StepTally & { saved: SavedProgress; keeps: StillThere; removal?: CleanupPlan };
  /** What a removal runs now: shown on the leaving question and the end screen. */
  plan?: CleanupPlan;
  /** The title of the lab suggested at the end. */
  next?: string;
}

/** Everything a view renders, at one moment. */
export interface TuiView {
  locale: string;
  readOnly: boolean;
  labsDir: string;
  controller: ControllerState;
  /** Which keys apply now. */
  context: KeyContext;
  footer: { command: Command; word: string }[];
  entries: readonly LabEntry[];
  reports: ReadonlyMap<string, PreflightReport>;
  suggestion?: HomeSuggestion;
  lab?: LabView;
  /** Finished steps, worded when they finished, for the scrollback. */
  transcript: readonly TranscriptEntry[];
  /** Set once the UI has ended. */
  result?: TuiResult;
  /** The class this machine joined (isolab class join): the header says progress is shared, and with whom. */
  sharing?: Sharing;
}

/** Every action a view may take. A view never touches a Session itself. */
export interface TuiActions {
  /** A key's command (keys/bindings.ts maps keys to commands per context). */
  command(command: Command): void;
  /**
   * The view committed a frame showing this command for this step: Enter may run only what was on
   * screen, and only once all of it was. `box`: the command box's lines in that frame (absent: the
   * whole box). Call it once per frame the view commits, never from a render that may be thrown away.
   */
  showed(stepId: string | undefined, code: string | undefined, box?: { lines: number; top: number; page: number }): void;
  /** The view committed a frame with no command on it (help, the output viewer, the end screen…). */
  showedNoCommand(): void;
  /** The frame last committed is now on the terminal (with `framesReported`). */
  frameWritten(): void;
  /** How far the explanation and the results can scroll, and a page of each, as the view laid them out. */
  measured(area: 'prose' | 'results', max: number, page: number): void;
  measuredViewer(maxTop: number, maxLeft: number, page: number): void;
  /** SIGTERM/SIGHUP: leave as with q, keeping everything. */
  stop(): void;
}

/** The lab open in the driver: what views read of it is its LabView (labViewOf). */
export interface Active {
  file: string;
  opened: OpenedRun;
  text: LabText;
  started?: StartedLabRun;
  /** What the saved run keeps running, read once when the lab opened. */
  earlier?: StillThere;
  /** Its removal, prepared when the lab opened: starting over runs it first (its commands are on the question). */
  removal?: PreparedReclaim;
}

/** The lab on screen as views read it, at the controller's selected step and in this key context. */
export function labViewOf(a: Active, stepIndex: number, context: KeyContext, entries: readonly LabEntry[], t: Translate): LabView {
  const session = a.started?.session;
  const stepId = session?.steps()[stepIndex]?.id;
  const preview = session && stepId ? session.preview(stepId) : undefined;
  const saved = a.opened.saved;
  // The process table is read only where a removal is on offer.
  // A lab only read has nothing to remove: its end shows the lab's cleanup as text to read.
  const plan =
    session && context === 'end' && a.opened.mode.kind === 'read'
      ? readOnlyPlan(a.opened.edition, t)
      : session && (context === 'leaving' || context === 'end')
        ? session.cleanupPlan()
        : undefined;
  const next = context === 'end' ? nextLab(entries, a.file)?.text?.title : undefined;
  return {
    file: a.file,
    opened: a.opened,
    text: a.text,
    shells: shellsOn(a.opened.edition.lab, a.opened.edition.platform),
    ...(session ? { session, state: session.state } : {}),
    ...(stepId ? { stepId } : {}),
    ...(preview ? { preview } : {}),
    ...(saved && !a.started
      ? {
          resume: {
            saved,
            ...savedTally(a.opened.edition, saved),
            keeps: a.earlier ?? { containers: [], processes: 0 },
            ...(a.removal ? { removal: a.removal.commands } : {}),
          },
        }
      : {}),
    ...(plan ? { plan } : {}),
    ...(next ? { next } : {}),
  };
}

/** The end of a lab only read: its cleanup commands as the learner would read them, nothing to remove. */
function readOnlyPlan(edition: Edition, t: Translate): CleanupPlan {
  const reading = readingCommands(edition, t);
  const commands = edition.cleanupSteps.flatMap((step) => (reading[step.id] !== undefined ? [reading[step.id]!] : []));
  return { commands, containers: [], processes: [], sweep: [] };
}
