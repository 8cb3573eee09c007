import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';
import { describeDocker } from './docker.js';

/** The container-host lab on the real engine, and `isolab doctor`, which runs the same steps. */

type Report = { steps: { id: string; status: string; checks: { id: string; status: string }[] }[] };

describeDocker('container-host on Linux, for real', () => {
  it('passes every check on a prepared machine', async () => {
    const report = join(tempDir(), 'r.json');
    const r = await isolab(['run', 'container-host', '--yes', '--report', report], { env: { ISOLAB_LANG: 'en' } });
    expect(r.exitCode, r.stdout).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(json.steps.map((s) => s.id)).toEqual(['os', 'features', 'admin', 'disk', 'setup-then', 'engine', 'runtimes', 'hello']);
    expect(r.stdout).toContain('A container started, ran its program and was removed: this machine is a container host.');
  }, 120_000);

  it("isolab doctor runs the same checks and words them in the reader's language", async () => {
    const r = await isolab(['doctor', '--lang', 'es']);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('host de contenedor (las comprobaciones del laboratorio container-host)');
    expect(r.stdout).toMatch(/✔ .*runsc \(gVisor\)/);
  }, 120_000);

  it('with no engine answering, the engine checks fail and say how to fix it', async () => {
    const report = join(tempDir(), 'r.json');
    const r = await isolab(['run', 'labs/container-host.md', '--yes', '--report', report], {
      env: { ISOLAB_LANG: 'en', DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    });
    // The lab's own requirements are checked first: an engine that does not answer is exit 3.
    expect(r.exitCode).toBe(3);
    const doctor = await isolab(['doctor'], { env: { ISOLAB_LANG: 'en', DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
    expect(doctor.exitCode).toBe(3);
    expect(doctor.stdout).toContain('✘ The Docker engine did not answer: start it');
    expect(doctor.stdout).toContain('? not judged: the command failed');
    expect(doctor.stdout).toContain('✔ The Linux kernel is 4.0 or newer');
  }, 120_000);
});
