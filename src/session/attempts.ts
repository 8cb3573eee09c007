import type { CapturedValue } from '../value/types.js';
import type { Evaluation } from '../check/evaluate.js';
import type { Verdict } from '../check/verdict.js';
import { StreamJudge, type RunEnd } from '../check/judge.js';
import type { RunRequest, RunResult } from '../exec/executor.js';
import { valueEnv } from '../value/splice.js';
import { envReads } from '../value/run-reads.js';
import { DOCKER_QUERY_TIMEOUT_MS, runLabel, usesDocker } from '../host/docker.js';
import { durationMsg, msg, type Msg } from '../i18n/translate.js';
import type { Check, ShellKind, Step } from '../lab/model.js';
import type { Edition } from '../edition/edition.js';
import type { RunRecord } from './run-record.js';
import type { SessionEvent } from './state.js';

export type Executor = (req: RunRequest) => Promise<RunResult>;

/** What running a step's command needs from its session. */
interface AttemptContext {
  edition: Edition;
  runId: string;
  exec: Executor;
  record: RunRecord;
  /** The values known now (read again before each attempt). */
  values: () => Map<string, CapturedValue>;
  capturedBy: (name: string) => string | undefined;
  dispatch: (event: SessionEvent) => void;
}

interface Attempted {
  evaluation: Evaluation;
  notes: Msg[];
  exitCode: number | undefined;
}

/**
 * One command run, or several for eventually / holdsFor. `once`: the verdicts will not be judged
 * (a creator step did not pass), so waiting for them to change would only make the learner wait.
 */
export async function runAttempts(
  ctx: AttemptContext,
  step: Step,
  command: { code: string; shell: ShellKind },
  signal: AbortSignal,
  once: boolean,
): Promise<Attempted> {
  const checks = ctx.edition.checks(step);
  const notes: Msg[] = [];
  const docker = usesDocker(command.code);
  if (docker) {
    // What the engine holds before the run's first docker command: a container that appears besides
    // the run's own is named at the end (cleanup.ts). An engine that does not answer it is frozen.
    const known = ctx.record.engineFrozen;
    await ctx.record.noteContainersBefore(signal);
    if (signal.aborted) return { evaluation: notJudged(checks, msg('reason.cancelled')), notes, exitCode: undefined };
    if (ctx.record.engineFrozen) {
      // Said once, on the step where it was found; every later docker step is simply not run.
      if (!known) notes.push(msg('session.engineFrozen', { error: ctx.record.engineFrozen.error }));
      return { evaluation: notJudged(checks, msg('session.engineFrozenStep')), notes, exitCode: undefined };
    }
  }
  const t0 = performance.now();
  for (let attempt = 1; ; attempt++) {
    ctx.dispatch({ type: 'attemptStarted', stepId: step.id, attempt });
    const judge = new StreamJudge(checks, { known: ctx.values(), stepId: step.id, capturedBy: ctx.capturedBy });
    const streamed = new Set<string>();
    const { cgroupProcs, from } = ctx.record.beforeCommand(command.shell);
    const result = await ctx.exec({
      code: command.code,
      shell: command.shell,
      timeoutMs: step.timeoutMs,
      signal,
      runId: ctx.runId,
      ...(cgroupProcs ? { cgroupProcs } : {}),
      // Only the values this command reads where a known command reads data (contract.ts): read
      // from the command as written, before values were spliced in.
      env: {
        ...valueEnv(ctx.values(), envReads(ctx.edition.command(step)?.code ?? '', command.shell)),
        ISOLAB_LABEL: runLabel(ctx.runId),
      },
      runTempDir: true,
      onOutput: (stream, chunk) => {
        streamed.add(stream);
        judge.push(stream, chunk);
        ctx.dispatch({ type: 'output', stepId: step.id, chunk });
      },
    });
    // An executor that does not stream hands over what it kept: judged only if it kept everything.
    for (const stream of ['stdout', 'stderr'] as const) {
      if (streamed.has(stream) || !result[stream]) continue;
      if (result.droppedChars) judge.markUnread(stream, result.droppedChars);
      judge.push(stream, result[stream]);
    }
    for (const stream of result.openStreams ?? []) judge.markOpen(stream);
    ctx.record.afterCommand(result.pid, from);
    if (docker && result.cancelled) ctx.record.dockerCutOff = true;
    if (docker && result.timedOut && !ctx.record.engineFrozen) {
      // A docker command that ran out of time: if the engine itself no longer answers, it is
      // frozen, and the rest of the run must not wait out every docker step's timeout.
      const frozen = await ctx.record.checkEngine(DOCKER_QUERY_TIMEOUT_MS);
      if (frozen) notes.push(msg('session.engineFrozen', { error: frozen.error }));
    }
    const obs = observe(result, step.timeoutMs);
    const evaluation = judge.finish(obs);
    const elapsed = performance.now() - t0;
    const done = (extra?: Msg): Attempted => {
      if (obs.abnormal) notes.push(obs.abnormal);
      if (extra) notes.push(extra);
      return { evaluation, notes, exitCode: result.exitCode };
    };
    if (result.cancelled || result.timedOut || result.spawnError) return done();
    // Both re-run until the window is covered: the last run starts at (or just after) its end.
    // A cancel during the wait ends the loop; runStep sees the aborted signal and un-judges the step.
    if (step.eventually && !once) {
      if (evaluation.passed)
        return done(attempt > 1 ? msg('check.retry.passedAfter', { count: attempt, duration: durationMsg(elapsed) }) : undefined);
      if (elapsed >= step.eventually.timeoutMs) return done(msg('check.retry.gaveUp', { count: attempt, duration: durationMsg(elapsed) }));
      if (!(await sleep(Math.min(step.eventually.intervalMs, step.eventually.timeoutMs - elapsed), signal))) return done();
      continue;
    }
    if (step.holdsFor && !once) {
      if (!evaluation.passed) return done(msg('check.hold.broke', { count: attempt, duration: durationMsg(elapsed) }));
      if (elapsed >= step.holdsFor.windowMs) return done(msg('check.hold.held', { count: attempt, duration: durationMsg(elapsed) }));
      if (!(await sleep(Math.min(step.holdsFor.intervalMs, step.holdsFor.windowMs - elapsed), signal))) return done();
      continue;
    }
    return done();
  }
}

/** Nothing ran, so nothing is judged: every check (or the step itself, without checks) says why. */
function notJudged(checks: Check[], reason: Msg): Evaluation {
  const detail = msg('check.notRun', { reason });
  const verdicts: Verdict[] = checks.length
    ? checks.map((c) => ({ checkId: c.id, status: 'notJudged', detail }))
    : [{ checkId: 'command', status: 'notJudged', detail }];
  return { verdicts, captured: [], status: 'notJudged', passed: false };
}

function observe(r: RunResult, timeoutMs: number): RunEnd {
  const abnormal = r.spawnError
    ? msg('reason.spawn', { error: r.spawnError })
    : r.timedOut
      ? msg('reason.timeout', { duration: durationMsg(timeoutMs) })
      : r.cancelled
        ? msg('reason.cancelled')
        : r.signal
          ? msg('reason.signal', { signal: r.signal })
          : undefined;
  return { exitCode: abnormal ? undefined : r.exitCode, ...(abnormal ? { abnormal } : {}) };
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
