import { execa } from 'execa';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/build.js';
import { savedTally } from '../src/report/counts.js';
import { BIN, isolab, ROOT, tempDir } from './helpers/cli.js';
import { parse } from './helpers/lab.js';
import { editionOf } from '../src/edition/edition.js';

const MIXED = `---
id: mixed
title: One passes, one fails
platforms: [linux]
---

## Say hello

<!-- isolab
step: hello
checks:
  - id: greeted
    stdout: { contains: hello }
-->

\`\`\`sh
echo hello; echo chatter-from-a-passing-step
\`\`\`

## Say goodbye

<!-- isolab
step: goodbye
checks:
  - id: ran
    exit: 0
  - id: said-it
    stdout: { contains: goodbye }
-->

\`\`\`sh
echo chatter-from-a-failing-step
\`\`\`

## Tidy up

<!-- isolab
step: tidy
cleanup: true
-->

\`\`\`sh
echo tidied
\`\`\`
`;

describe('isolab run --quiet', () => {
  it('prints only what failed and the summary', async () => {
    const lab = join(tempDir(), 'mixed.md');
    writeFileSync(lab, MIXED);
    const r = await isolab(['run', lab, '--yes', '--quiet']);
    expect(r.exitCode).toBe(1);
    // The failing step: its heading, command and failing verdict.
    expect(r.stdout).toContain('[2/2] Say goodbye');
    expect(r.stdout).toContain('✘ failed: stdout does not contain "goodbye"');
    // Nothing about what passed: no passing step, no passing verdict, no command output, no title.
    expect(r.stdout).not.toContain('Say hello');
    expect(r.stdout).not.toContain('Tidy up');
    expect(r.stdout).not.toContain('✔');
    expect(r.stdout).not.toContain('chatter-from-a-passing-step');
    expect(r.stdout).not.toContain('│');
    expect(r.stdout).not.toContain('One passes, one fails');
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^1 passed, 1 failed, 0 not judged, 0 skipped in .* · 3 checks judged$/);
  });

  it('a lab that passes prints the summary alone', async () => {
    const r = await isolab(['run', 'test/fixtures/process-lab.md', '--yes', '--quiet']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^5 passed, 0 failed, 0 not judged, 0 skipped in [^\n]+$/);
  });
});

describe('isolab run says the status of each check in words, not by colour or symbol alone', () => {
  it("passed and failed beside ✔ and ✘, in colour or without it, in the reader's language", async () => {
    const dir = tempDir();
    const lab = join(dir, 'mixed.md');
    writeFileSync(lab, MIXED);
    const stateDir = join(dir, 'state');
    const plain = await isolab(['run', lab, '--yes'], { stateDir });
    expect(plain.stdout).toContain('✔ passed: stdout contains "hello"');
    expect(plain.stdout).toContain('✘ failed: stdout does not contain "goodbye"');
    const coloured = await isolab(['run', lab, '--yes'], { stateDir, env: { FORCE_COLOR: '1' } });
    expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toContain('✘ failed: stdout does not contain "goodbye"');
    const es = await isolab(['run', lab, '--yes', '--lang', 'es'], { stateDir });
    expect(es.stdout).toMatch(/✘ fallido: /);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('an interrupted run says so', () => {
  it('in the console summary and in the JSON and JUnit reports', async () => {
    const dir = tempDir();
    const child = execa(process.execPath, [BIN, 'run', 'test/fixtures/long-lab.md', '--yes', '--report', join(dir, 'r.xml')], {
      cwd: ROOT,
      reject: false,
      stdin: 'ignore',
      all: true,
      env: { NO_COLOR: '1', ISOLAB_STATE_DIR: tempDir() },
    });
    let out = '';
    child.all?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const end = Date.now() + 20_000;
    while (!out.includes('long step running') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(1);
    // The step stopped mid-run was never finished, not skipped (a choice the learner did not make).
    expect(r.stdout).toMatch(/\ninterrupted: 1 passed, 0 failed, 0 not judged, 0 skipped, 1 not yet run in /);
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toContain('<property name="interrupted" value="true"/>');
  });

  it("in the reader's language", async () => {
    const dir = tempDir();
    const child = execa(
      process.execPath,
      [BIN, 'run', 'test/fixtures/long-lab.md', '--yes', '--lang', 'es', '--report', join(dir, 'r.json')],
      {
        cwd: ROOT,
        reject: false,
        stdin: 'ignore',
        all: true,
        env: { NO_COLOR: '1', ISOLAB_STATE_DIR: tempDir() },
      },
    );
    let out = '';
    child.all?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const end = Date.now() + 20_000;
    while (!out.includes('long step running') && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const r = await child;
    expect(r.stdout).toMatch(/\ninterrumpido: 1 paso superado, 0 fallidos, 0 sin evaluar, 0 omitidos, 1 aún sin ejecutar /);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.interrupted).toBe(true);
    // The counts agree with the steps array: the step never finished is pending there and here, not skipped.
    expect(report.steps.filter((s) => !s.cleanup).map((s) => s.status)).toEqual(['passed', 'pending']);
    expect(report).toMatchObject({ passed: 1, skipped: 0, pending: 1 });
  });
});

describe("one step count everywhere: the learner's steps, without cleanup steps", () => {
  it("isolab list, the run's [i/N], its summary, the report and the UI's progress agree", async () => {
    const labs = tempDir();
    writeFileSync(join(labs, 'mixed.md'), MIXED);
    const list = await isolab(['list'], { env: { ISOLAB_LABS_DIR: labs } });
    expect(list.stdout).toContain('2 steps');
    const out = join(tempDir(), 'r.json');
    const stateDir = tempDir();
    const run = await isolab(['run', 'mixed', '--yes', '--report', out], { env: { ISOLAB_LABS_DIR: labs }, stateDir });
    expect(run.stdout).toContain('[1/2] Say hello');
    expect(run.stdout).toContain('[2/2] Say goodbye');
    expect(run.stdout).toContain('[cleanup] Tidy up');
    expect(run.stdout).toMatch(/\n1 passed, 1 failed, 0 not judged, 0 skipped in /);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.passed + report.failed + report.skipped).toBe(2);
    // The UI's home counts the same steps (its "n/N steps passed" comes from savedTally).
    const lab = parse(MIXED);
    expect(
      savedTally(editionOf(lab, { platform: 'linux', shell: 'sh' }), {
        formatVersion: 1,
        labId: 'mixed',
        platform: 'linux',
        shell: 'sh',
        runId: 'r',
        savedAt: '',
        steps: {},
        captures: {},
      }).total,
    ).toBe(2);
  });
});
