import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import type { RunRequest, RunResult } from '../../src/exec/executor.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { sourceLabFiles } from '../../src/lab/catalog.js';
import { readLab } from '../../src/lab/catalog.js';
import { editionName, kindOfShell, type Lab } from '../../src/lab/model.js';
import type { Report } from '../../src/report/build.js';
import { newRunId, Session } from '../../src/session/session.js';
import { cleanupCommandLines } from '../../src/ui/components/CleanupCommands.js';
import { TuiDriver, type TuiView } from '../../src/ui/driver/driver.js';
import { placeholdersIn } from '../../src/value/placeholders.js';
import type { CapturedValue, CaptureType } from '../../src/value/types.js';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Every shipped lab, in every edition it has, and a lab with a step this machine cannot run: what
 * the learner agrees to is what runs, and the TUI and `isolab run` say the same of every step.
 */

const LABS = sourceLabFiles(join(ROOT, 'labs')).map((file) => readLab(file));

/**
 * A value of each type, as a step would capture it. The PID is one no process can have (Linux's
 * PIDs stay below 4194304): a cleanup's `kill {{pid}}` checks the process is still the one captured,
 * and a real PID 4242, reached by a busy machine's PIDs going round, made it skip (a flaky CI run).
 */
const SAMPLE: Record<CaptureType, string> = {
  integer: '4194304',
  hexid: '0123456789abcdef0123456789abcdef',
  name: 'isolab-sample',
  image: 'busybox:stable',
  path: '/proc/4194304/ns/pid',
  ipv4: '172.17.0.2',
  version: '6.1.0-18-amd64',
  string: 'sample text',
};

/** Every value the lab captures, with a value of its type: after a whole run, all of them are known. */
function capturedValues(lab: Lab): Record<string, CapturedValue> {
  const out: Record<string, CapturedValue> = {};
  for (const step of lab.steps)
    for (const c of step.checks)
      if (c.kind === 'capture')
        out[c.capture.name] = { name: c.capture.name, value: SAMPLE[c.capture.type], type: c.capture.type, stepId: step.id };
  return out;
}

/** What a run executes, recorded instead of run. */
function recorder() {
  const ran: RunRequest[] = [];
  const exec = async (req: RunRequest): Promise<RunResult> => {
    ran.push(req);
    return {
      exitCode: 0,
      signal: undefined,
      timedOut: false,
      cancelled: false,
      spawnError: undefined,
      stdout: '',
      stderr: '',
      droppedChars: 0,
      durationMs: 1,
      pid: undefined,
    };
  };
  return { ran, exec };
}

let state: string;
beforeEach(() => {
  state = tempDir();
  process.env.ISOLAB_STATE_DIR = state;
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(state, { recursive: true, force: true });
});

describe('consent shows exactly the cleanup commands that run, in every edition of every shipped lab', () => {
  const cases = LABS.flatMap((lab) => lab.editions.map((id) => [`${lab.id} ${editionName(id)}`, lab, id] as const));

  it.each(cases)('%s', async (_name, lab, id) => {
    const edition = editionOf(lab, id);
    const values = capturedValues(lab);
    // isolab run asks before anything runs: no value is known yet. Each reads as a word for its kind
    // (<number>); here as its own name, so the test can put the value it ends with in its place.
    const runId = newRunId();
    const asked = new Session({ edition, runId, ledgerDir: false }).cleanupPreview((name) => name);
    // The run went through every step: every value is known, and something ran (the ledger is open).
    const { ran, exec } = recorder();
    const session = new Session({ edition, runId, exec, ledgerDir: join(state, 'runs'), captures: values, adoptContainers: [] });
    // The TUI's leaving and end screens show the plan, just before the learner agrees.
    const shown = cleanupCommandLines(session.cleanupPlan());
    await session.cleanup({ agreed: true });
    // None was put off (an engine that did not answer) or left out (a value never captured).
    for (const step of edition.cleanupSteps) expect(session.state.steps[step.id]?.status, step.id).not.toBe('skipped');

    const runs = ran.map((r) => r.code);
    expect(runs.length, 'every cleanup command of the edition ran').toBe(edition.cleanupCommands.length);
    expect(runs).toEqual(
      asked.map((a) => a.code.replace(/<(\w+)>/g, (_m, name: string) => values[name]?.value ?? session.state.captures[name]!.value)),
    );
    expect(shown).toEqual(runs.flatMap((code) => code.split('\n')));
    // In the edition's own shell: a PowerShell edition's cleanup never runs through sh.
    for (const r of ran) expect(r.shell).toBe(kindOfShell(id.shell));
    // And nothing of another edition is asked for.
    for (const a of asked) expect(placeholdersIn(a.code).every((n) => n in values || n in lab.vars || n === 'run')).toBe(true);
  });
});

describe('the TUI and isolab run --yes give every step the same status, not run here included', () => {
  const NOT_HERE = join(ROOT, 'test', 'fixtures', 'not-here-lab.md');

  /** Resolves once `probe` says so, looking at each view the driver publishes. */
  function until<T>(driver: TuiDriver, probe: (v: TuiView) => T | undefined, what: string, ms = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe(driver.snapshot());
        if (found === undefined) return false;
        clearTimeout(timer);
        unsubscribe();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`timed out waiting for ${what}`));
      }, ms);
      const unsubscribe = driver.subscribe(() => void check());
      check();
    });
  }

  /** The learner goes through the lab in the TUI: Enter on each step, then Enter again to go on. */
  async function throughTheTui(shell: 'sh' | 'powershell'): Promise<Record<string, string>> {
    const labs = tempDir();
    const { copyFileSync } = await import('node:fs');
    copyFileSync(NOT_HERE, join(labs, 'not-here-lab.md'));
    loadCatalogs();
    const driver = new TuiDriver({ locale: 'en', readOnly: false, labsDir: labs, host: 'linux', shell, leftovers: () => [] });
    driver.start();
    try {
      driver.command('open');
      const lab = await until(driver, (v) => (v.lab?.session ? v.lab : undefined), 'the lab to open');
      const ids = lab.session!.steps().map((s) => s.id);
      for (const [i, id] of ids.entries()) {
        const v = await until(driver, (x) => (x.lab?.stepId === id ? x : undefined), `step ${i + 1}`);
        if (v.lab!.state!.steps[id]!.status === 'pending') {
          // As a view does: the command on screen is the one Enter may run.
          driver.showed(id, v.lab!.preview?.ok ? v.lab!.preview.code : undefined);
          driver.command('run');
          await until(
            driver,
            (x) => (['pending', 'running'].includes(x.lab!.state!.steps[id]!.status) || x.lab!.session!.busy ? undefined : x),
            `step ${id} to end`,
          );
        }
        driver.command('run'); // Enter on a step that ran (or is not run here) goes on
      }
      const statuses = Object.fromEntries(ids.map((id) => [id, driver.snapshot().lab!.state!.steps[id]!.status]));
      driver.command('quit');
      // What the lab's cleanup would run is offered: leaving keeps it (Enter).
      if ((await until(driver, (v) => (v.context === 'leaving' || v.result ? v : undefined), 'the leaving question')).context === 'leaving')
        driver.command('keep');
      await until(driver, (v) => v.result, 'the TUI to end');
      return statuses;
    } finally {
      driver.dispose();
      rmSync(labs, { recursive: true, force: true });
    }
  }

  async function throughIsolabRun(shell: 'sh' | 'powershell'): Promise<Record<string, string>> {
    const report = join(tempDir(), 'r.json');
    const r = await isolab(['run', NOT_HERE, '--yes', '--shell', shell, '--report', report], { timeout: 120_000 });
    expect(r.exitCode, r.stderr).toBe(1); // a step not run here is not a pass
    const steps = (JSON.parse(readFileSync(report, 'utf8')) as Report).steps.filter((s) => !s.cleanup);
    return Object.fromEntries(steps.map((s) => [s.id, s.status]));
  }

  it.each(['sh', 'powershell'] as const)(
    'in the %s edition',
    async (shell) => {
      const tui = await throughTheTui(shell);
      expect(tui).toEqual({ hello: 'passed', checkpoint: 'notRun', goodbye: 'passed' });
      expect(await throughIsolabRun(shell)).toEqual(tui);
    },
    120_000,
  );
});
