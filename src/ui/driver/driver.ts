import { attachClass, currentSharing, type Sharing } from '../../class/link.js';
import { createTranslator, type Msg, type Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import type { Shell } from '../../lab/model.js';
import { abandonedRuns } from '../../session/reclaim.js';
import type { CleanupResult } from '../../session/session.js';
import type { SessionState } from '../../session/state.js';
import {
  contextOf,
  footerOf,
  initialControllerState,
  update,
  type ControllerEvent,
  type ControllerState,
  type Effect,
  type Facts,
} from '../controller.js';
import type { Command } from '../keys/bindings.js';
import { labText, listLabs, PreflightCache } from '../labs.js';
import { nextLocale } from '../languages.js';
import { LabLifecycle } from '../lifecycle.js';
import { transcriptEntry, type TranscriptEntry } from '../render/transcript.js';
import { seeCommand, type CommandSeen, type CommandShown } from './command-seen.js';
import { HomeLabs } from './home-labs.js';
import { KeepsMemo, labFacts } from './lab-facts.js';
import { rememberPicked } from './language-memory.js';
import { openLab, startLab, type LabOpener } from './open-lab.js';
import { realRuns, type LabRun, type LabRuns, type StartedLabRun } from './lab-run.js';
import { reportFileWriter } from './report-file.js';
import { languageNotice, leftoversNotice, removedNotice } from './notices.js';
import { labViewOf, type Active, type DriverOptions, type TuiActions, type TuiResult, type TuiView } from './view.js';

export type { DriverOptions, LabView, TuiActions, TuiResult, TuiView } from './view.js';

/**
 * The TUI without a terminal and without React. The controller (controller.ts) decides; the driver
 * performs what it decides (opens and starts labs through open-lab.ts, runs steps, pauses, removes),
 * gathers the facts it decides on, words the notices, and publishes one view of everything for
 * whatever renders it: the ink App today, a linear screen-reader view tomorrow. Views read
 * `snapshot()`, listen with `subscribe()`, and act only through TuiActions (view.ts).
 */
export class TuiDriver implements TuiActions {
  private readonly listeners = new Set<() => void>();
  private readonly life: LabLifecycle;
  private readonly preflights: PreflightCache;
  private readonly runs: LabRuns;
  private locale: string;
  private t: Translate;
  private cs: ControllerState = initialControllerState;
  /** The learner's shell, chosen like the language (isolab --shell, then e in a lab): labs that have it open in it. */
  private shell: Shell | undefined;
  private active: Active | undefined;
  private result: TuiResult | undefined;
  private readonly home: HomeLabs;
  private transcript: TranscriptEntry[] = [];
  /** The lines of the command seen so far: only from frames on screen when a key was pressed (see command()). */
  private shown: CommandSeen | undefined;
  /** The command box of the frame last committed by the view, and of the frame on the terminal now. */
  private committed: CommandShown | undefined;
  private onScreen: CommandShown | undefined;
  private measures: Pick<Facts, 'prose' | 'command' | 'results' | 'viewer'> = {
    prose: { max: 0, page: 1 },
    command: { max: 0, page: 1 },
    results: { max: 0, page: 1 },
    viewer: { maxTop: 0, maxLeft: 0, page: 1 },
  };
  private readonly keeps = new KeepsMemo();
  private unsubscribe: (() => void) | undefined;
  private outputTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Removals whose outcome the learner saw on screen (a notice). */
  private readonly seenCleanups = new WeakSet<CleanupResult>();
  private view: TuiView;
  private readonly sharing: Sharing | undefined;
  /** What opening and starting a lab (open-lab.ts) reads and does here. */
  private readonly opener: LabOpener;

  constructor(private readonly opts: DriverOptions) {
    this.locale = opts.locale;
    this.t = createTranslator(this.locale);
    this.shell = opts.shell;
    this.life = opts.lifecycle ?? new LabLifecycle();
    this.preflights = opts.preflights ?? new PreflightCache();
    this.runs = opts.runs ?? realRuns;
    this.home = new HomeLabs(
      this.preflights,
      () => listLabs(opts.labsDir, this.locale, opts.host, this.shell),
      {
        gone: () => this.disposed,
        suggest: (labIndex) => this.send({ type: 'suggest', labIndex }),
        checked: () => this.publish(),
      },
      opts.readOnly,
    );
    this.sharing = 'sharing' in opts ? opts.sharing : currentSharing();
    this.opener = {
      opts,
      runs: this.runs,
      preflights: this.preflights,
      controller: () => this.cs,
      locale: () => this.locale,
      active: () => this.active,
      opened: (active) => {
        this.active = active;
      },
      send: (event) => this.send(event),
      use: (current, started) => this.use(current, started),
      words: (list) => this.words(list),
    };
    this.view = this.makeView();
  }

  // ---- what views use ----------------------------------------------------------------------

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): TuiView => this.view;

  /** The first view is up: say what crashed runs left, check the labs in the background, listen for a stop. */
  start(): void {
    const left = (this.opts.leftovers ?? abandonedRuns)();
    if (left.length) this.send({ type: 'notify', notice: leftoversNotice(left, (l) => this.words(l)) });
    this.home.check();
    const signal = this.opts.stopSignal;
    if (signal) {
      if (signal.aborted) this.stop();
      else signal.addEventListener('abort', () => this.stop(), { once: true });
    }
  }

  /** The view is gone: nothing more is published (the lifecycle still pauses the run; see ui/main.ts). */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    if (this.outputTimer) clearTimeout(this.outputTimer);
  }

  command(command: Command): void {
    // What the learner had in front of them when they pressed the key is seen; nothing else is. A
    // frame replaced before any key (a step's first frame re-laid out a few milliseconds later, one
    // ink never wrote) never counts, however long it was there: whether anyone read it cannot be
    // known, and a rule that asked how long it stayed would depend on timing. This one does not: the
    // learner acted on that screen. Pages reached with m count because each is on screen when the
    // next key is pressed; a frame that is not written yet (framesReported) is not on screen.
    if (this.onScreen) this.shown = seeCommand(this.shown, this.onScreen);
    this.send({ type: 'key', command });
  }

  showed(stepId: string | undefined, code: string | undefined, box?: { lines: number; top: number; page: number }): void {
    const window = box ?? { lines: 0, top: 0, page: 0 };
    this.committed = { stepId, code, ...window };
    if (!this.opts.framesReported) this.onScreen = this.committed;
    // Called while the view commits a frame: the footer that names the scroll key follows once it is done.
    if (this.remeasure('command', Math.max(0, window.lines - window.page), Math.max(1, window.page))) queueMicrotask(() => this.publish());
  }

  showedNoCommand(): void {
    // What was seen before stays seen (the same command, back on screen after the help, still needs no m).
    this.committed = undefined;
    if (!this.opts.framesReported) this.onScreen = undefined;
  }

  frameWritten(): void {
    this.onScreen = this.committed;
  }

  measured(area: 'prose' | 'results', max: number, page: number): void {
    if (this.remeasure(area, max, page)) this.publish();
  }

  /** A region's scroll changed: whether the footer may now name (or drop) its key. */
  private remeasure(area: 'prose' | 'command' | 'results', max: number, page: number): boolean {
    const was = this.measures[area];
    this.measures[area] = { max, page };
    return was.max !== max || was.page !== page;
  }

  /** The footer as it would be were the explanation and the command box to scroll this far (settled-screen.ts lays out with it). */
  readonly footerWith = (regions: Pick<Facts, 'prose' | 'command'>): TuiView['footer'] => {
    const f = { ...this.facts(), ...regions };
    return contextOf(this.cs, f) === 'busy' ? [] : footerOf(this.cs, f);
  };

  measuredViewer(maxTop: number, maxLeft: number, page: number): void {
    this.measures.viewer = { maxTop, maxLeft, page };
  }

  stop(): void {
    this.send({ type: 'stop' });
  }

  // ---- deciding -----------------------------------------------------------------------------

  private send(event: ControllerEvent): void {
    const { state, effects } = update(this.cs, this.facts(), event);
    this.cs = state;
    this.publish();
    for (const e of effects) this.perform(e);
  }

  /** What the controller needs to know, read at the moment of the event. */
  private facts(): Facts {
    const seen = { onScreen: this.onScreen, shown: this.shown };
    return {
      labCount: this.home.entries.length,
      ...(this.active ? { lab: labFacts(this.active, this.cs.stepIndex, seen, this.keeps) } : {}),
      ...this.measures,
    };
  }

  // ---- performing ---------------------------------------------------------------------------

  private perform(e: Effect): void {
    const s = this.active?.started?.session;
    switch (e.type) {
      case 'open':
        return void this.open(e.labIndex, e.shell);
      case 'start':
        return void startLab(this.opener, e.fresh);
      case 'run':
        // A key repeated before the view learned the step is busy: the session refuses it, quietly.
        if (!s || s.busy) return;
        s.runStep(e.stepId, { replace: e.replace }).then(
          () => this.send({ type: 'stepEnded' }),
          (err: Error) => this.send({ type: 'stepEnded', error: err.message }),
        );
        return;
      case 'skip':
        return s?.skipStep(e.stepId);
      case 'cancel':
        return s?.cancel();
      case 'pause':
        return void this.leave();
      case 'remove':
        return void this.remove();
      case 'language':
        this.locale = nextLocale(this.locale);
        rememberPicked(this.locale, this.opts.rememberLanguage);
        this.t = createTranslator(this.locale);
        if (this.active) this.active = { ...this.active, text: labText(this.active.opened.edition.lab, this.active.file, this.locale) };
        this.home.refresh();
        return this.send({ type: 'notify', notice: languageNotice(this.locale) });
      case 'exit':
        return this.finish(e.code, e.forced);
    }
  }

  private async open(labIndex: number, chosen?: Shell): Promise<void> {
    if (chosen) {
      this.shell = chosen;
      this.home.refresh();
    }
    await openLab(this.opener, this.home.entries[labIndex], this.shell, !!chosen);
  }

  /** A session comes into use: the lifecycle holds it, so it is paused however the UI ends. */
  private use(current: Active, started: StartedLabRun): void {
    const { session } = started;
    // The class this machine joined (isolab class join) hears the run until it is left or removed.
    const link = current.opened.mode.kind === 'run' ? (this.opts.attachClass ?? attachClass)(session, { lang: this.locale }) : undefined;
    const stopSaving = () => {
      started.stopSaving();
      void link?.close();
    };
    this.life.attach(session, current.opened.mode.kind === 'run', stopSaving, current.opened.release, current.text.title);
    this.active = { ...current, started };
    this.unsubscribe?.();
    const learner = session.steps().map((s) => s.id);
    const reportFile = reportFileWriter(
      session,
      () => this.active?.text ?? current.text,
      () => this.t,
    );
    const unsubscribe = session.subscribe((state, e) => {
      if (e.type === 'stepFinished' || e.type === 'stepSkipped') {
        this.addToTranscript(session, learner, state, e.stepId);
        reportFile?.(state);
      }
      if (e.type !== 'output') return this.publishNow();
      // A flood of output is shown at most every few milliseconds; any other event shows at once.
      this.outputTimer ??= setTimeout(() => {
        this.outputTimer = undefined;
        this.publish();
      }, this.opts.outputEveryMs ?? 50);
    });
    this.unsubscribe = unsubscribe;
  }

  /** Every step that finishes or is skipped becomes a transcript entry, worded in the language of the moment. */
  private addToTranscript(session: LabRun, learner: string[], state: SessionState, stepId: string): void {
    const text: Pick<LabText, 'steps'> = this.active?.text ?? { steps: {} };
    const index = learner.indexOf(stepId);
    this.transcript = [
      ...this.transcript,
      transcriptEntry({
        key: `t${this.transcript.length + 1}`,
        stepId,
        state,
        t: this.t,
        ...(index >= 0 ? { position: { index: index + 1, total: learner.length } } : {}),
        title: text.steps[stepId]?.title ?? session.step(stepId).title,
        text,
        lab: session.lab,
      }),
    ];
  }

  private async leave(): Promise<void> {
    const current = this.active;
    await this.life.pause();
    // A lab left at the resume question holds its lock but no session yet.
    current?.opened.release();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.active = undefined;
    this.home.refresh();
    this.send({ type: 'left' });
  }

  private async remove(): Promise<void> {
    const then = this.cs.leaving?.then;
    const r = await this.life.remove();
    // Said on screen unless isolab ends right after it (a frame that goes with the UI): the words
    // after the UI do not say it again. Linear text stays where it was said.
    if (r && (then !== 'quit' || this.opts.keepsWhatItSaid)) this.seenCleanups.add(r);
    this.send({ type: 'removed', notice: removedNotice(r, (list) => this.words(list)) });
  }

  private finish(code: number, forced: boolean): void {
    this.result = {
      code: code || (this.life.cleanups.some((c) => c.problems.length) ? 1 : 0),
      cleanups: this.life.cleanups.filter((c) => !this.seenCleanups.has(c)),
      paused: this.life.paused,
      forced,
      progressSaved: this.life.progressSaved,
      locale: this.locale,
    };
    this.publish();
    this.opts.onExit?.(this.result);
  }

  /** Joined the reader's way ("a, b" / "a、b"), as the home screen joins its lists. */
  private words(list: readonly Msg[]): string {
    return list.map((m) => this.t(m.key, m.params)).join(this.t('list.separator'));
  }

  // ---- publishing ---------------------------------------------------------------------------

  private publishNow(): void {
    if (this.outputTimer) clearTimeout(this.outputTimer);
    this.outputTimer = undefined;
    this.publish();
  }

  private publish(): void {
    if (this.disposed) return;
    this.view = this.makeView();
    for (const l of this.listeners) l();
  }

  private makeView(): TuiView {
    const f = this.facts();
    const context = contextOf(this.cs, f);
    const suggestion = this.home.suggestion();
    return {
      locale: this.locale,
      readOnly: this.opts.readOnly,
      labsDir: this.opts.labsDir,
      controller: this.cs,
      context,
      footer: context === 'busy' ? [] : footerOf(this.cs, f),
      entries: this.home.entries,
      reports: this.home.reportsView,
      ...(suggestion ? { suggestion } : {}),
      ...(this.active ? { lab: labViewOf(this.active, this.cs.stepIndex, context, this.home.entries, this.t) } : {}),
      transcript: this.transcript,
      ...(this.result ? { result: this.result } : {}),
      ...(this.sharing ? { sharing: this.sharing } : {}),
    };
  }
}
