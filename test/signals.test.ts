import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProcesses } from '../src/exec/kill-tree.js';
import { BIN, ROOT, tempDir } from './helpers/cli.js';

/** Live processes started by a run that used this state dir (every command inherits it). */
function processesOf(stateDir: string): number[] {
  return listProcesses()
    .filter((p) => p.state !== 'Z' && p.pid !== process.pid)
    .map((p) => p.pid)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`ISOLAB_STATE_DIR=${stateDir}`);
      } catch {
        return false;
      }
    });
}

async function until(cond: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a run told to stop still cleans up', () => {
  it('isolab run … | head: the closed pipe stops the run, cleanup runs, exit 1', async () => {
    const stateDir = tempDir();
    const r = await execa(
      'bash',
      ['-c', `'${process.execPath}' '${BIN}' run test/fixtures/long-lab.md --yes | head -1; echo "rc=\${PIPESTATUS[0]}"`],
      {
        cwd: ROOT,
        reject: false,
        env: { ISOLAB_STATE_DIR: stateDir, NO_COLOR: '1' },
        timeout: 60_000,
      },
    );
    expect(r.stdout).toContain('rc=1');
    expect(r.stderr).toContain('Interrupted');
    await until(() => processesOf(stateDir).length === 0, 5000);
    expect(existsSync(join(stateDir, 'runs')) ? readdirSync(join(stateDir, 'runs')) : []).toEqual([]);
  });

  it('SIGHUP (the terminal closed) runs the cleanup like SIGTERM', async () => {
    const stateDir = tempDir();
    const child = execa(process.execPath, [BIN, 'run', 'test/fixtures/long-lab.md', '--yes'], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
      all: true,
      env: { ISOLAB_STATE_DIR: stateDir, NO_COLOR: '1' },
    });
    let out = '';
    child.all?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await until(() => out.includes('long step running') && processesOf(stateDir).length >= 3);
    child.kill('SIGHUP');
    const r = await child;
    expect(r.exitCode).toBe(1);
    expect(out).toContain('cleanup ran');
    expect(processesOf(stateDir)).toEqual([]);
  });
});

describe('attended run in a real terminal', () => {
  it('Ctrl+C at the question ends the run: the Enter typed afterwards runs nothing', async () => {
    const stateDir = tempDir();
    const marker = join(tempDir(), 'ran');
    const socket = `isolab-test-${process.pid}`;
    const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
    await tmux(
      'new-session',
      '-d',
      '-x',
      '100',
      '-y',
      '20',
      `env ISOLAB_STATE_DIR='${stateDir}' ISOLAB_TEST_MARKER='${marker}' NO_COLOR=1 '${process.execPath}' '${BIN}' run '${join(ROOT, 'test/fixtures/attended-lab.md')}'; echo "exit=$?"; sleep 30`,
    );
    try {
      const screen = async () => String((await tmux('capture-pane', '-p')).stdout);
      const end = Date.now() + 15_000;
      while (!(await screen()).includes('Run this command?')) {
        if (Date.now() > end) throw new Error(`no question on screen:\n${await screen()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await tmux('send-keys', 'C-c');
      await new Promise((r) => setTimeout(r, 300));
      await tmux('send-keys', 'Enter');
      const end2 = Date.now() + 15_000;
      while (!(await screen()).includes('exit=')) {
        if (Date.now() > end2) throw new Error(`isolab did not exit:\n${await screen()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await screen()).toContain('exit=1');
      expect(existsSync(marker)).toBe(false);
      // Nothing had run at the first question: it says so, not that it stops a step or cleans up.
      expect(await screen()).toContain('Interrupted before the first step: nothing of the lab ran');
      expect(await screen()).not.toContain('stopping the running step');
    } finally {
      await tmux('kill-server');
    }
  });
});

describe('the UI in a terminal that is closed', () => {
  it('closing the terminal (SIGHUP, then every write fails) pauses the lab: what it started keeps running, isolab cleanup removes it', async () => {
    const stateDir = tempDir();
    const labs = tempDir();
    const { copyFileSync } = await import('node:fs');
    copyFileSync(join(ROOT, 'test/fixtures/process-lab.md'), join(labs, 'process-lab.md'));
    const socket = `isolab-hup-${process.pid}`;
    const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
    // Started the way a learner starts it: bin/isolab.js under the machine's own Node.
    const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync)!;
    await tmux(
      'new-session',
      '-d',
      '-x',
      '100',
      '-y',
      '30',
      `cd '${ROOT}' && env ISOLAB_STATE_DIR='${stateDir}' ISOLAB_LABS_DIR='${labs}' ISOLAB_LANG=en '${systemNode}' bin/isolab.js; sleep 30`,
    );
    const screen = async () => String((await tmux('capture-pane', '-p')).stdout);
    const waitFor = async (text: string) => {
      const end = Date.now() + 15_000;
      while (!(await screen()).includes(text)) {
        if (Date.now() > end) throw new Error(`"${text}" never showed:\n${await screen()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const sleeps = () =>
      listProcesses()
        .filter((p) => p.comm === 'sleep' && processesOf(stateDir).includes(p.pid))
        .map((p) => p.pid);
    try {
      await waitFor('ready on this machine');
      await tmux('send-keys', 'Enter');
      await waitFor('Enter runs:');
      await tmux('send-keys', 'Enter');
      await waitFor('The background sleep has PID');
      expect(sleeps().length).toBe(1);
    } finally {
      await tmux('kill-server');
    }
    // isolab goes (it runs nothing on its way out); the lab's sleep stays, and the ledger knows it.
    await until(() => processesOf(stateDir).every((pid) => sleeps().includes(pid)), 10_000);
    expect(sleeps().length).toBe(1);
    const ledgers = readdirSync(join(stateDir, 'runs'));
    expect(ledgers.length).toBe(1);
    expect(JSON.parse(readFileSync(join(stateDir, 'runs', ledgers[0]!), 'utf8'))).toMatchObject({ kept: true, labId: 'process-lab' });
    // Removing it is the learner's explicit request.
    const r = await execa(process.execPath, [BIN, 'cleanup'], {
      cwd: ROOT,
      reject: false,
      env: { ISOLAB_STATE_DIR: stateDir, NO_COLOR: '1' },
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    await until(() => processesOf(stateDir).length === 0, 10_000);
    expect(readdirSync(join(stateDir, 'runs'))).toEqual([]);
  });
});
