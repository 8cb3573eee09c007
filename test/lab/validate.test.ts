import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';
import { labText, lineOf, parse, problemsOf } from '../helpers/lab.js';

const TWO_SHELLS = 'id: t\ntitle: T\nplatforms: [linux]\neditions: [linux/sh, linux/powershell]';

/** "No ping runs on this host", in both shells, with the exit check given as `exit`. */
const noPing = (exit: string) => `
## No ping here
<!-- isolab
step: no-ping
checks:
${exit}
  - id: none
    noRow: { where: { ProcessName: ping } }
    pass: "No ping runs on this host."
-->

\`\`\`sh
ps -C ping -o pid,comm | sed 's/COMMAND/ProcessName/'
\`\`\`

\`\`\`powershell {platform=linux}
Get-Process -Name ping -ErrorAction Stop
\`\`\`
`;

describe('an absence check needs an exit check in every edition it applies to', () => {
  it('an exit check limited to sh leaves the PowerShell edition without one: lint names that edition', () => {
    const text = labText(noPing('  - exit: [0, 1]\n    shell: sh'), TWO_SHELLS);
    expect(problemsOf(text).map((p) => [p.line, p.message])).toEqual([
      [
        lineOf(text, 'id: none'),
        'check "none" looks for something absent, but step "no-ping" does not check the exit status (linux/powershell)',
      ],
    ]);
  });

  it('an exit check in each shell (or one for both) makes the step valid', () => {
    expect(parse(labText(noPing('  - exit: [0, 1]'), TWO_SHELLS)).steps).toHaveLength(1);
    const each = '  - exit: [0, 1]\n    shell: sh\n  - exit: [0, 1]\n    shell: powershell';
    expect(parse(labText(noPing(each), TWO_SHELLS)).steps).toHaveLength(1);
  });

  it('isolab run refuses such a lab before anything runs: Get-Process failing can no longer read as "No ping runs on this host"', async () => {
    const file = join(tempDir(), 'no-ping.md');
    writeFileSync(file, labText(noPing('  - exit: [0, 1]\n    shell: sh'), TWO_SHELLS));
    const r = await isolab(['run', file, '--shell', 'powershell', '--yes']);
    expect(r.exitCode, r.stdout).toBe(2);
    expect(r.stderr).toContain('does not check the exit status (linux/powershell)');
    expect(r.stdout).not.toContain('No ping runs on this host');
  });
});
