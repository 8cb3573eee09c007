import type { PreflightItem, PreflightReport } from '../host/preflight.js';
import type { Msg, Translate } from '../i18n/translate.js';
import type { Session } from '../session/session.js';

/** What the class hears a run through: the parts of a Session it reads (the TUI's driver holds only these). */
export type ClassSession = Pick<Session, 'edition' | 'lab' | 'runId' | 'state' | 'steps' | 'subscribe'>;
import { shownStatus, type SessionEvent, type SessionState, type StepState } from '../session/state.js';
import { printable } from '../util/printable.js';
import type { Clock } from './clock.js';
import { readMembership, type Membership } from './membership.js';
import { Outbox } from './outbox.js';
import { journalFile, outboxDir, rejectedDir } from './paths.js';
import { Recorder } from './recorder.js';
import { MAX_OUTPUT_LINE, MAX_OUTPUT_LINES, type WireMsg } from './schema.js';
import { Sender } from './sender.js';

/**
 * A lab's run, heard by the class this machine joined. `close` says how the run ended (a TUI run that
 * is left mid-lab is paused; `isolab run` always ends) and gives the queue a moment to reach the
 * class, but only if the class answered: a class that is down never holds a learner up.
 */
export interface ClassLink {
  /** Who sees this run (for the TUI header); undefined when this machine joined no class. */
  readonly sharing: Sharing | undefined;
  close(how?: { ended?: boolean; interrupted?: boolean }): Promise<void>;
}

export interface Sharing {
  className: string;
  /** host:port of the class, or undefined for an offline class (kept for export only). */
  server: string | undefined;
  output: boolean;
}

export interface LinkOptions {
  /** The learner's language, as the lab is shown to them. */
  lang: string;
  /** The run's own preflight, when the caller has one; otherwise one is made in the background. */
  readiness?: PreflightReport;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** How the readiness of a run is found when none is given (tests give their own). */
  preflight?: (session: ClassSession) => Promise<PreflightReport>;
}

const NO_LINK: ClassLink = { sharing: undefined, close: async () => {} };

/**
 * Parameters of isolab's messages that carry what a command printed. Without the instructor's
 * request and the learner's consent they are left out: the class learns *that* a check failed and
 * why in isolab's words, never the learner's output.
 */
const OUTPUT_PARAMS = new Set(['excerpt', 'row', 'value', 'columns']);

/** What the class sees of one run. See docs/class.md for the events and what each carries. */
export function attachClass(session: ClassSession, opts: LinkOptions): ClassLink {
  const env = opts.env ?? process.env;
  const membership = readMembership(env);
  if (!membership) return NO_LINK;
  const outbox = new Outbox(outboxDir(env), journalFile(env), rejectedDir(env));
  const recorder = new Recorder(membership.learner, outbox, opts.clock);
  const sender = membership.url
    ? new Sender({ url: membership.url, outbox, ...(opts.clock ? { clock: opts.clock } : {}) }).start()
    : undefined;
  if (sender) recorder.onRecord(() => sender.wake());
  const lab = session.lab.id;
  const run = session.runId;
  const learnerSteps = new Set(session.steps().map((s) => s.id));
  const now = () => opts.clock?.now() ?? Date.now();
  const opened = now();

  recorder.record({
    type: 'labOpened',
    run,
    lab,
    title: shown(session.lab.title, 200) || lab,
    platform: session.edition.platform,
    shell: session.edition.shell,
    lang: opts.lang,
    steps: session.steps().map((s) => ({ id: s.id, title: shown(s.title, 200) || s.id })),
  });
  // Saved progress taken up again: the class heard those steps when they ran (sending them again
  // would count their tries and failures twice), so it only hears that the run goes on.
  if (session.steps().some((s) => isFinished(session.state.steps[s.id]))) recorder.record({ type: 'resumed', run, lab });
  const readiness = opts.readiness ? Promise.resolve(opts.readiness) : (opts.preflight?.(session) ?? defaultPreflight(session));
  void readiness.then(
    (report) => recorder.record({ type: 'readiness', platform: session.edition.platform, items: report.items.map(wireReadiness) }),
    () => undefined,
  );

  const unsubscribe = session.subscribe((state: SessionState, e: SessionEvent) => {
    if (e.type === 'output' || e.type === 'attemptStarted' || !('stepId' in e) || !learnerSteps.has(e.stepId)) return;
    if (e.type === 'stepStarted') recorder.record({ type: 'stepStarted', run, lab, step: e.stepId });
    else if (e.type === 'stepReset' && !e.reason)
      return; // cleared for a re-run, which says itself when it starts
    else {
      const step = state.steps[e.stepId];
      if (step) recorder.record(finishedEvent(step, membership, run, lab));
    }
  });

  let closed = false;
  return {
    sharing: sharingOf(membership),
    async close(how = {}) {
      if (closed) return;
      closed = true;
      unsubscribe();
      const steps = session.steps().map((s) => session.state.steps[s.id]);
      const all = steps.every((s) => isFinished(s));
      // The learner removed what the lab created (the TUI's x): that ends the run, finished or not.
      const removed = session.state.cleanup.status === 'done';
      if (how.ended || how.interrupted || all || removed) {
        const count = (st: StepState['status']) => steps.filter((s) => s?.status === st).length;
        recorder.record({
          type: 'labClosed',
          run,
          lab,
          outcome: how.interrupted || (removed && !all) ? 'interrupted' : 'finished',
          passed: count('passed'),
          failed: count('failed'),
          notJudged: count('notJudged'),
          // A step the run never reached is not yet run, as the run report counts it: skipped is a choice.
          skipped: count('skipped'),
          notRun: count('notRun'),
          pending: steps.filter((s) => !s || s.status === 'pending' || s.status === 'running').length,
          durationMs: Math.max(0, Math.round(now() - opened)),
        });
      } else recorder.record({ type: 'paused', run, lab });
      if (!sender) return;
      // Stop the background loop (it may be waiting out a dead class), then one short try unless the
      // class already failed to answer in this run: the last events usually arrive before the
      // learner's prompt comes back, and a class that is down costs nothing (unheard of yet: 1.5 s at most).
      const answering = sender.lastResult === undefined || sender.lastResult === 'ok';
      await sender.stop();
      if (answering) await sender.flush(1500);
    },
  };
}

function isFinished(s: StepState | undefined): boolean {
  return !!s && s.status !== 'pending' && s.status !== 'running';
}

function finishedEvent(step: StepState, m: Membership, run: string, lab: string) {
  // Read, not passed, when the step had nothing to run: the class says what the learner's screen says.
  const seen = shownStatus(step);
  const status = seen === 'running' ? 'pending' : seen;
  const shareOutput = m.shareOutput;
  const output =
    shareOutput && (status === 'failed' || status === 'notJudged')
      ? [...step.output.lines, ...(step.output.partial ? [step.output.partial] : [])]
          .slice(-MAX_OUTPUT_LINES)
          .map((l) => shown(l, MAX_OUTPUT_LINE))
      : undefined;
  return {
    type: 'stepFinished' as const,
    run,
    lab,
    step: step.id,
    status,
    durationMs: Math.max(0, Math.round(step.durationMs ?? 0)),
    attempts: Math.max(0, step.attempts),
    checks: step.verdicts.slice(0, 50).map((v) => ({ id: v.checkId, status: v.status, reason: wire(v.detail, shareOutput) })),
    notes: step.notes.slice(0, 10).map((n) => wire(n, shareOutput)),
    ...(output ? { output } : {}),
  };
}

/** A message as the class receives it: values shortened, output left out unless shared. */
function wire(m: Msg, shareOutput: boolean, depth = 3): WireMsg {
  if (!m.params || depth === 0) return { key: m.key };
  const params: Record<string, string | number | WireMsg> = {};
  for (const [name, v] of Object.entries(m.params).slice(0, 12)) {
    if (!/^\w{1,32}$/.test(name)) continue;
    if (!shareOutput && OUTPUT_PARAMS.has(name)) params[name] = '…';
    else if (typeof v === 'object') params[name] = wire(v, shareOutput, depth - 1);
    else if (typeof v === 'number') params[name] = Number.isFinite(v) ? v : String(v);
    else params[name] = shown(v, 500);
  }
  return { key: m.key, params };
}

/** A doctor item as the class receives it (its words are isolab's own, so nothing is left out). */
export function wireReadiness(i: PreflightItem) {
  return {
    id: i.id.slice(0, 128),
    ok: i.ok,
    ...(i.unchecked ? { unchecked: true } : {}),
    label: wire(i.label, true),
    ...(i.detail ? { detail: wire(i.detail, true) } : {}),
    ...(i.fix ? { fix: wire(i.fix, true) } : {}),
    ...(i.steps ? { steps: i.steps.slice(0, 100) } : {}),
  };
}

/** Text made safe to carry (control characters shown, not kept) and cut to the schema's length. */
function shown(s: string, max: number): string {
  const p = printable(s);
  return p.length <= max ? p : `${p.slice(0, max - 1)}…`;
}

/** What this machine shares now, read from its membership (the TUI's header says it from the home screen on). */
export function currentSharing(env = process.env): Sharing | undefined {
  const m = readMembership(env);
  return m ? sharingOf(m) : undefined;
}

/** "progress shared with Workshop (10.0.0.5:7373)": the line the TUI's header and isolab run show. */
export function sharingText(s: Sharing, t: Translate): string {
  if (!s.server) return t('class.ui.recorded', { className: s.className });
  return t(s.output ? 'class.ui.sharedOutput' : 'class.ui.shared', { className: s.className, server: s.server });
}

export function sharingOf(m: Membership): Sharing {
  return { className: m.className, server: m.url ? new URL(m.url).host : undefined, output: m.shareOutput };
}

async function defaultPreflight(session: ClassSession): Promise<PreflightReport> {
  const { preflight } = await import('../host/preflight.js');
  return preflight(session.lab, session.edition.id);
}
