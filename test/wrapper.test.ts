import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedProcesses } from '../src/session/marked-processes.js';
import { BIN, ROOT, tempDir } from './helpers/cli.js';

// The machine's own Node (20 on these machines): bin/isolab.js must work with it too, by handing
// over to the Node 24 that npm installed beside isolab, and signals must still reach the runner.
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync)!;

async function until(cond: () => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('bin/isolab.js under the system Node', () => {
  it('runs (re-executing itself under the bundled Node when the system one is too old)', async () => {
    const r = await execa(SYSTEM_NODE, [BIN, '--version'], { cwd: ROOT, reject: false, env: { PATH: '/usr/bin:/bin' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('0.1.0');
  });

  it("SIGTERM to the wrapper still runs the lab's cleanup", async () => {
    const stateDir = tempDir();
    const child = execa(SYSTEM_NODE, [BIN, 'run', 'test/fixtures/long-lab.md', '--yes'], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
      all: true,
      env: { PATH: '/usr/bin:/bin', NO_COLOR: '1', ISOLAB_STATE_DIR: stateDir },
    });
    let output = '';
    child.all?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const runs = join(stateDir, 'runs');
    await until(() => existsSync(runs) && readdirSync(runs).length > 0);
    const runId = (JSON.parse(readFileSync(join(runs, readdirSync(runs)[0]!), 'utf8')) as { runId: string }).runId;
    await until(() => markedProcesses(runId).filter((p) => p.comm === 'sleep').length === 2);
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(1);
    expect(output).toContain('cleanup ran');
    expect(markedProcesses(runId)).toEqual([]);
  });
});
