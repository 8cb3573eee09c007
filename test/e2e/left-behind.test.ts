import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';
import { describeDocker, IMAGE, labelledContainers, removeLabelled } from './docker.js';

const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8', timeout: 20_000 });
const exists = (name: string) => docker('container', 'inspect', name).status === 0;

describeDocker('a container the run started without its label', () => {
  const stray = `isolab-stray-${randomBytes(4).toString('hex')}`;
  const runs: string[] = [];
  afterAll(() => {
    docker('rm', '-f', stray);
    for (const id of runs) removeLabelled(id);
  });

  it("is named as a warning in the summary and the report, and left alone; the run's own container is removed, not named", async () => {
    const dir = tempDir();
    const lab = join(dir, 'stray.md');
    writeFileSync(
      lab,
      `---
id: stray
title: A container left behind
platforms: [linux]
requires:
  - engine: docker
---

## Start the lab's container

<!-- isolab
step: own
resources:
  - container: isolab-own-{{run}}
checks:
  - exit: 0
-->

\`\`\`sh
docker run -d --label isolab.run={{run}} --name isolab-own-{{run}} ${IMAGE} sleep 300
\`\`\`

## Start one more, without the label

<!-- isolab
step: stray
checks:
  - exit: 0
-->

\`\`\`sh
docker run -d --name ${stray} ${IMAGE} sleep 300
\`\`\`
`,
    );
    const report = join(dir, 'report.json');
    const r = await isolab(['run', lab, '--yes', '--report', report], { timeout: 120_000 });
    const json = JSON.parse(readFileSync(report, 'utf8')) as { runId: string; cleanup: { problems: string[] } };
    const runId = json.runId;
    runs.push(runId);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    const warning = `container ${stray} (${IMAGE}) appeared during this run and is still there; it does not carry the run's label`;
    expect(r.stdout).toContain(warning);
    expect(r.stdout).not.toContain(`container isolab-own-${runId} (`);
    expect(json.cleanup.problems.filter((p) => p.includes(stray))).toHaveLength(1);
    expect(exists(stray)).toBe(true);
    expect(labelledContainers(runId)).toEqual([]);
  }, 120_000);
});
