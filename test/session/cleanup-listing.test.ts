import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';
import { fakeDocker } from '../helpers/fake-docker.js';

const work = tempDir('isolab-cleanup-listing-');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("cleanup's look at the engine", () => {
  it("removes the run's recorded and labelled containers, names the stray one and leaves it, asking docker ps once after the steps", async () => {
    const dir = fakeDocker(work);
    const r = await isolab(['run', 'test/fixtures/stray-container-lab.md', '--yes'], {
      // A script, not the CLI program: isolab asks the engine through it only, never on its socket
      // (src/host/engine-socket.ts), so the engine it sees is the one this CLI keeps in a file.
      env: { PATH: `${dir}:${process.env.PATH}` },
      timeout: 60_000,
    });
    const all = r.stdout + r.stderr;
    expect(r.stdout, all).toMatch(/3 passed, 0 failed/);
    const run = /recorded-(\d{8}-[0-9a-f]{8})/.exec(all)?.[1];
    expect(run, all).toBeDefined();
    // What the run made and can prove is its own is removed; the stray is named, and left alone.
    expect(all).toContain(`container recorded-${run}`);
    expect(all).toContain(`container labelled-${run}`);
    expect(all).toContain(`container stray-${run} (busybox) appeared during this run and is still there`);
    const left = readFileSync(join(dir, 'containers'), 'utf8');
    expect(left).toContain(`stray-${run}`);
    expect(left).not.toContain(`recorded-${run}`);
    expect(left).not.toContain(`labelled-${run}`);
    // The engine was asked for its containers once before the first docker step (what was there
    // before the run), once before the (absent) cleanup steps, and once after them: one listing
    // serves both the sweep and the strays.
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    const afterLastStep = calls.slice(calls.findLastIndex((c) => c.startsWith('run ')) + 1);
    expect(afterLastStep.filter((c) => c.startsWith('ps ')).length, calls.join('\n')).toBe(2);
    expect(afterLastStep.filter((c) => c.startsWith('rm '))).toHaveLength(2);
  });
});
