import { describe, expect, it } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { Session } from '../../src/session/session.js';
import { labText, parse } from '../helpers/lab.js';

/**
 * A session judges in its own edition everywhere: a check or a command limited to PowerShell is part
 * of the PowerShell edition, even where a platform alone once stood for "its default shell".
 */

const lab = parse(
  labText(
    `
## Create

<!-- isolab
step: create
resources:
  - container: isolab-box-{{run}}
checks:
  - capture: { name: pid, type: integer, regex: '(\\d+)' }
-->

\`\`\`sh
echo 42
\`\`\`

\`\`\`powershell {platform=linux}
Write-Output 42
\`\`\`

## Look at it (PowerShell only)

<!-- isolab
step: look
shell: powershell
checks:
  - exit: 0
-->

\`\`\`powershell {platform=linux}
docker inspect isolab-box-{{run}}
\`\`\`

## Stop it

<!-- isolab
step: stop
checks:
  - id: stopped
    exit: 0
  - id: said
    shell: powershell
    stdout: { contains: stopped }
-->

\`\`\`sh
kill {{pid}}
\`\`\`

\`\`\`powershell {platform=linux}
Stop-Process -Id {{pid}}; Write-Output stopped
\`\`\`
`,
    'id: dep-shells\ntitle: T\nplatforms: [linux]\neditions: [linux/sh, linux/powershell]',
  ),
);

/** Nothing may run in these tests: every answer comes before a command would. */
const noExec = async () => {
  throw new Error('nothing should run');
};

const powershell = () =>
  new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'powershell' }), ledgerDir: false, exec: noExec });

describe('the PowerShell edition of a session', () => {
  it('a PowerShell-only step that inspects what a skipped step creates says so before it runs', () => {
    const s = powershell();
    s.skipStep('create');
    expect(s.unmetDependency('look')).toMatchObject({ key: 'session.dependsOn', params: { resource: `isolab-box-${s.runId}` } });
  });

  it('a command that cannot be written lists every check of the edition as not judged, the PowerShell-only one too', async () => {
    const s = powershell();
    s.skipStep('create');
    const stop = await s.runStep('stop');
    expect(stop.status).toBe('notJudged');
    expect(stop.verdicts.map((v) => [v.checkId, v.status])).toEqual([
      ['stopped', 'notJudged'],
      ['said', 'notJudged'],
    ]);
  });
});
