import { execa } from 'execa';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * A step's process group is the run's only while something the step left stays in it. Once a step
 * has ended with nothing left in its group, its PID is free again: an unrelated job started later
 * with that PID leads a group with the same number, and the end-of-run sweep of the steps' groups
 * killed it ("removed process …, which had escaped its step"). With pid_max at 32768 a busy machine
 * (or a step that spends PIDs) wraps around within one lab.
 *
 * The reuse is real: in a PID namespace of its own (root: unshare --pid), the bystander is given the
 * first step's PID by writing /proc/sys/kernel/ns_last_pid while the second step runs. It is started
 * outside isolab, carries no ISOLAB_RUN marker and is in no run's cgroup.
 */

const dir = tempDir('isolab-group-reuse-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lab = join(dir, 'two-steps.md');
writeFileSync(
  lab,
  `---
id: two-steps
title: Two harmless steps
platforms: [linux]
---

## First

<!-- isolab
step: first
checks:
  - exit: 0
-->

\`\`\`sh
echo $$ > '${dir}/first-pid'
\`\`\`

## Second

<!-- isolab
step: second
checks:
  - exit: 0
-->

\`\`\`sh
sleep 2
\`\`\`
`,
);

const driver = join(dir, 'driver.sh');
writeFileSync(
  driver,
  `set -u
export ISOLAB_STATE_DIR='${join(dir, 'state')}' NO_COLOR=1
cd '${ROOT}'
# The bystander: an unrelated job, started once the first step has ended, that gets its PID.
( while [ ! -s '${dir}/first-pid' ]; do sleep 0.05; done; sleep 0.3
  echo $(( $(cat '${dir}/first-pid') - 1 )) > /proc/sys/kernel/ns_last_pid
  env -u ISOLAB_RUN setsid sleep 300 &
  echo "BYSTANDER $!"; wait ) &
'${process.execPath}' '${BIN}' run '${lab}' --yes > '${dir}/run.log' 2>&1
echo "RUN-EXIT $?"
first=$(cat '${dir}/first-pid')
echo "FIRST $first"
if kill -0 "$first" 2>/dev/null; then echo "BYSTANDER-ALIVE"; else echo "BYSTANDER-KILLED"; fi
kill "$first" 2>/dev/null
echo "--- run"
cat '${dir}/run.log'
`,
);

it('a job that later takes a finished step’s PID (and so its process-group number) is not swept as the run’s', async () => {
  const r = await execa('unshare', ['--pid', '--fork', '--mount-proc', 'sh', driver], { reject: false, timeout: 60_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  const first = /^FIRST (\d+)$/m.exec(r.stdout)?.[1];
  const bystander = /^BYSTANDER (\d+)$/m.exec(r.stdout)?.[1];
  expect(first, out).toBeDefined();
  // The reuse is real: the bystander has the very PID the first step had.
  expect(bystander, out).toBe(first);
  expect(r.stdout, out).toContain('RUN-EXIT 0');
  expect(r.stdout, out).toContain('BYSTANDER-ALIVE');
  expect(r.stdout, out).not.toMatch(/removed process \d+ \(sleep\)/);
}, 90_000);
