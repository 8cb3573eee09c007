import { spawnSync } from 'node:child_process';
import { describe } from 'vitest';

/**
 * Docker end-to-end tests need a real engine with runsc and the lab's image. A test that needs Docker
 * never passes or skips without it: a missing engine fails every test of the file, with the fix.
 */

export const IMAGE = 'busybox:stable';

function docker(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: 20_000, env: { ...process.env, LC_ALL: 'C' } });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

/** What is missing for the Docker tests, or undefined when the engine, runsc and the image are all there. */
export function dockerProblem(): string | undefined {
  const info = docker(['info', '--format', '{{json .Runtimes}}']);
  if (!info.ok) return `no Docker engine answers (${info.out.split('\n').pop() || 'docker not found'})`;
  if (!/"runsc"/.test(info.out)) return 'the Docker engine has no runsc runtime';
  if (!docker(['image', 'inspect', IMAGE]).ok) return `the image ${IMAGE} is missing`;
  return undefined;
}

const problem = dockerProblem();

/** describe() for tests that need Docker: see the file comment for what happens without an engine. */
export function describeDocker(name: string, body: () => void): void {
  describe(name, () => {
    if (problem) {
      // Fail loudly, with the fix, before any test of this file can pretend to pass.
      throw new Error(`${problem}. These tests run the lab for real: prepare the machine with sudo scripts/provision-linux-host.sh`);
    }
    body();
  });
}

/** Names of the containers (running or not) that carry the label isolab.run=<runId>. */
export function labelledContainers(runId: string): string[] {
  const r = docker(['ps', '-a', '--filter', `label=isolab.run=${runId}`, '--format', '{{.Names}}']);
  if (!r.ok) throw new Error(`docker ps failed: ${r.out}`);
  return r.out
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Last-resort sweep so a failing test never leaves containers behind for the next one. */
export function removeLabelled(runId: string): void {
  const names = labelledContainers(runId);
  if (names.length) docker(['rm', '-f', ...names]);
}

export function containerPid(name: string): number {
  const r = docker(['inspect', '-f', '{{.State.Pid}}', name]);
  if (!r.ok) throw new Error(`docker inspect ${name} failed: ${r.out}`);
  return Number(r.out);
}
