import { execa } from 'execa';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Issue 19, item 2: a runner killed with kill -9 during `namespaces`, its captured PID then taken by
 * an unrelated `sleep` (as after a reboot), and the next `isolab run` of another lab reclaims the
 * abandoned run. Its cleanup is `kill -KILL {{pid}}`: it must not reach the bystander.
 *
 * The scenario runs in a PID namespace of its own (root: unshare --pid), where the test can give the
 * bystander exactly the captured PID by writing /proc/sys/kernel/ns_last_pid: a real reuse, not a
 * simulated one. Everything in the namespace ends with it.
 */

const dir = tempDir('isolab-pid-reuse-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const other = join(dir, 'other-lab.md');
writeFileSync(
  other,
  `---
id: other-lab
title: Any other lab
platforms: [linux]
---

## Say hello

<!-- isolab
step: hello
checks:
  - exit: 0
-->

\`\`\`sh
echo hello
\`\`\`
`,
);

// The runner must still be inside the lab when it is killed: the whole lab takes about 300 ms, and
// a poll of the ledger every 100 ms could find the run already over (CI once saw NO-PID). Only the
// runner's PATH has this `ls`, which step 2 calls after step 1 captured the PID: it holds the run
// there until the runner is killed, as a learner's slow step would.
const hold = join(dir, 'hold');
mkdirSync(hold);
writeFileSync(join(hold, 'ls'), '#!/bin/sh\nexec sleep 300\n', { mode: 0o755 });

const driver = join(dir, 'driver.sh');
writeFileSync(
  driver,
  `set -u
export ISOLAB_STATE_DIR='${join(dir, 'state')}' NO_COLOR=1
cd '${ROOT}'
PATH='${hold}':"$PATH" '${process.execPath}' '${BIN}' run namespaces --yes > '${dir}/first.log' 2>&1 &
runner=$!
pid=
for i in $(seq 1 600); do
  pid=$(grep -h -A 2 '"pid": {' '${dir}'/state/runs/*.json 2>/dev/null | grep -o '"value": "[0-9]*"' | grep -o '[0-9][0-9]*' | head -n 1)
  [ -n "$pid" ] && break
  sleep 0.1
done
[ -n "$pid" ] || { echo "NO-PID"; cat '${dir}/first.log'; exit 1; }
echo "CAPTURED $pid"
# The runner dies without a word; then its process ends too, as after a reboot.
kill -9 "$runner"; wait "$runner" 2>/dev/null
kill -KILL "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
# A bystander takes the same PID.
echo $((pid - 1)) > /proc/sys/kernel/ns_last_pid
sleep 300 &
bystander=$!
echo "BYSTANDER $bystander"
'${process.execPath}' '${BIN}' run '${other}' --yes > '${dir}/next.log' 2>&1
echo "NEXT-EXIT $?"
if kill -0 "$bystander" 2>/dev/null; then echo "BYSTANDER-ALIVE"; else echo "BYSTANDER-KILLED"; fi
kill "$bystander" 2>/dev/null
echo "--- next run"
cat '${dir}/next.log'
`,
);

it('a PID reused by a bystander after the runner was killed is not killed by the next run’s reclaim, and the learner is told why', async () => {
  const r = await execa('unshare', ['--pid', '--fork', '--mount-proc', 'sh', driver], { reject: false, timeout: 120_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  expect(r.exitCode, out).toBe(0);
  const captured = /^CAPTURED (\d+)$/m.exec(r.stdout)?.[1];
  const bystander = /^BYSTANDER (\d+)$/m.exec(r.stdout)?.[1];
  expect(captured, out).toBeDefined();
  // The reuse is real: the bystander has the very PID the lab captured.
  expect(bystander, out).toBe(captured);
  expect(r.stdout, out).toContain('BYSTANDER-ALIVE');
  expect(r.stdout).toContain('NEXT-EXIT 0');
  // Before removing anything, the reclaim says what it does and what it will not run, and why.
  expect(r.stdout).toContain('an interrupted run of namespaces');
  expect(r.stdout).toMatch(
    new RegExp(
      `skips: process ${captured} is no longer the one step "Start a process in new namespaces" captured .*, so kill does not run`,
    ),
  );
  expect(r.stdout).not.toMatch(/runs: kill -KILL/);
}, 150_000);
