import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../src/i18n/translate.js';
import { Session } from '../../src/session/session.js';
import { tempDir } from '../helpers/cli.js';
import { labText, parse } from '../helpers/lab.js';
import { editionOf } from '../../src/edition/edition.js';

const t = createTranslator('en');

function session(body: string) {
  const lab = parse(labText(body));
  return new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: tempDir() });
}

const worded = (s: { verdicts: { checkId: string; status: string; detail: { key: string; params?: object } }[] }) =>
  s.verdicts.map((v) => [v.checkId, v.status, t(v.detail.key, v.detail.params as never)]);

describe('absence needs the end of the stream', () => {
  it('a background job that still holds stdout when reading stops leaves "no ping" unproven', async () => {
    const s = session(`
## List
<!-- isolab
step: list
checks:
  - exit: 0
  - id: header
    stdout: { contains: COMMAND }
  - id: no-ping
    noRow: { where: { COMMAND: ping } }
-->
\`\`\`sh
( sleep 1; printf '%7s %s\\n' 4242 ping ) &
printf '%7s %s\\n' PID COMMAND
\`\`\`
`);
    try {
      const st = await s.runStep('list');
      expect(st.status).toBe('notJudged');
      expect(worded(st)).toEqual([
        ['exit', 'passed', 'exit status 0, as expected'],
        // What was seen is still proof; only "it is not there" needs the rest of the stream.
        ['header', 'passed', 'stdout contains "COMMAND"'],
        [
          'no-ping',
          'notJudged',
          'not judged: stdout was still open when reading stopped (a background job held it), so what it printed later was never read',
        ],
      ]);
    } finally {
      await s.cleanup();
    }
  });

  it('a background job that closed its copy of the output does not stop the judging', async () => {
    const s = session(`
## List
<!-- isolab
step: list
checks:
  - exit: 0
  - noRow: { where: { COMMAND: ping } }
-->
\`\`\`sh
sleep 2 >/dev/null 2>&1 &
printf '%7s %s\\n' PID COMMAND 1 sh
\`\`\`
`);
    try {
      expect((await s.runStep('list')).status).toBe('passed');
    } finally {
      await s.cleanup();
    }
  });
});
