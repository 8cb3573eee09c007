import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, ROOT, isolab, tempDir } from '../helpers/cli.js';
import { describeDocker } from './docker.js';
import { execa } from 'execa';

/**
 * An engine that answers preflight (`docker info`, `docker image inspect`) and then nothing, as a
 * dockerd stopped right after `isolab doctor` does. The machine's own engine answers preflight.
 */
function frozenAfterPreflight(): Record<string, string> {
  const real = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' }).stdout.trim();
  const bin = tempDir('isolab-frozen-');
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\ncase "$1" in info|image|--version) DOCKER_CONTEXT= exec ${real} "$@" ;; esac\nexec sleep 1000\n`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  // A context of its own: isolab then asks the engine through this CLI only, never on its socket
  // (src/host/engine-socket.ts), so the engine it sees is the one this CLI fakes.
  return { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONTEXT: 'frozen-after-preflight' };
}
const count = (text: string, needle: string) => text.split(needle).length - 1;

describeDocker('an engine that answers preflight, then freezes', () => {
  it('an unattended hyperv-isolation run ends in seconds, not 11 minutes: no docker step waits out its timeout', async () => {
    const report = join(tempDir(), 'report.json');
    const r = await isolab(['run', 'hyperv-isolation', '--yes', '--report', report], { env: frozenAfterPreflight(), timeout: 120_000 });
    const all = r.stdout + r.stderr;
    expect(r.exitCode, all).toBe(1);
    // The run's own duration (its summary): one docker query's 3 s, then nothing more is asked.
    const seconds = Number(/ in ([\d.]+) sec ·/.exec(r.stdout)?.[1]);
    expect(seconds, all).toBeLessThan(30);
    const json = JSON.parse(readFileSync(report, 'utf8')) as { steps: { id: string; status: string; cleanup: boolean }[] };
    // Only the step with nothing to run got through, as read: no step passed.
    expect(json.steps.filter((s) => !s.cleanup && (s.status === 'passed' || s.status === 'read')).map((s) => [s.id, s.status])).toEqual([
      ['choose-isolation', 'read'],
    ]);
    expect(count(all, 'the container engine stopped answering')).toBe(1);
    expect(count(all, 'Docker did not answer')).toBe(1);
    expect(all).toContain('left for isolab cleanup, which runs it once the engine answers again');
  }, 120_000);

  it('Ctrl+C ends the run in about a second: no docker timeout is waited out', async () => {
    const child = execa(process.execPath, [BIN, 'run', 'hyperv-isolation', '--yes'], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
      all: true,
      env: { NO_COLOR: '1', ISOLAB_STATE_DIR: tempDir(), ...frozenAfterPreflight() },
    });
    let out = '';
    child.all?.on('data', (b: Buffer) => {
      out += b.toString();
    });
    const deadline = Date.now() + 60_000;
    while (!out.includes('$ docker run')) {
      if (Date.now() > deadline) throw new Error(`the first docker step never started:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 200));
    const t = performance.now();
    child.kill('SIGINT');
    const r = await child;
    // Less than isolab's own docker query timeout (3 s): it took 3.2 s, waiting one out.
    expect(performance.now() - t, out).toBeLessThan(3000);
    expect(r.exitCode).toBe(1);
    expect(count(out, 'Docker did not answer')).toBe(1);
  }, 120_000);
});
