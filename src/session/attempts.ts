import type { CapturedValue } from '../value/types.js';
import type { Evaluation } from '../check/evaluate.js';
import { StreamJudge, type RunEnd } from '../check/judge.js';
import type { RunRequest, RunResult } from '../exec/executor.js';
import { valueEnv } from '../value/splice.js';
import { envReads } from '../value/contract.js';
import { runLabel } from '../host/docker.js';
import { durationMsg, msg, type Msg } from '../i18n/translate.js';
import { checksFor, commandFor, type Edition, type ShellKind, type Step } from '../lab/model.js';
import type { RunRecord } from './run-record.js';
import type { SessionEvent } from './state.js';

export type Executor = (req: RunRequest) => Promise<RunResult>;

/** What running a step's command needs from its session. */
export interface AttemptContext {
  edition: Edition;
  runId: string;
  exec: Executor;
  record: RunRecord;
  /** The values known now (read again before each attempt). */
  values: () => Map<string, CapturedValue>;
  capturedBy: (name: string) => string | undefined;
  dispatch: (event: SessionEvent) => void;
}

export interface Attempted {
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
  const checks = checksFor(step, ctx.edition);
  const t0 = performance.now();
  const notes: Msg[] = [];
  for (let attempt = 1; ; attempt++) {
    ctx.dispatch({ type: 'attemptStarted', stepId: step.id, attempt });
    const judge = new StreamJudge(checks, { known: ctx.values(), stepId: step.id, capturedBy: ctx.capturedBy });
    const streamed = new Set<string>();
    const { cgroupProcs, from } = ctx.record.beforeCommand();
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
        ...valueEnv(ctx.values(), envReads(commandFor(step, ctx.edition)?.code ?? '', command.shell)),
        ISOLAB_LABEL: runLabel(ctx.runId),
      },
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
    ctx.record.afterCommand(result.pid, from);
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
