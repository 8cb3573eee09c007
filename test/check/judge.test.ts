import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/check/evaluate.js';
import { createTranslator } from '../../src/i18n/translate.js';
import type { Check } from '../../src/lab/model.js';
import { isolab, tempDir } from '../helpers/cli.js';
import { labText } from '../helpers/lab.js';

const t = createTranslator('en');
const NO_PING: Check = {
  id: 'none',
  kind: 'row',
  expect: 'absent',
  table: { from: 'stdout', where: { ProcessName: { kind: 'equals', value: 'ping', ignoreCase: false } } },
  line: 1,
};
const EXIT_0: Check = { id: 'exit', kind: 'exit', expect: { kind: 'zero' }, line: 1 };

function judged(checks: Check[], obs: { exitCode: number | undefined; stdout?: string; stderr?: string }) {
  const e = evaluateChecks(checks, { stdout: '', stderr: '', ...obs }, new Map(), 's');
  return { status: e.status, verdicts: e.verdicts.map((v) => [v.checkId, v.status, t(v.detail.key, v.detail.params)]) };
}

describe('absence is evidence only when the command is known to have worked', () => {
  it('an absence check with no exit check beside it is not judged, whatever the command printed', () => {
    expect(judged([NO_PING], { exitCode: 0 })).toEqual({
      status: 'notJudged',
      verdicts: [['none', 'notJudged', 'not judged: no exit check says the command worked, so not finding something proves nothing']],
    });
  });

  it('with an exit check, the same silence is a pass', () => {
    expect(judged([EXIT_0, NO_PING], { exitCode: 0 }).status).toBe('passed');
  });
});

describe('a command that failed with no exit check declared failed unexpectedly', () => {
  const READY: Check = { id: 'ready', kind: 'text', stream: 'stdout', matcher: { kind: 'contains', value: 'ready' }, line: 1 };

  it('"ready" printed by a command that exited 3 proves nothing: every check is not judged', () => {
    expect(judged([READY], { exitCode: 3, stdout: 'ready\n' })).toEqual({
      status: 'notJudged',
      verdicts: [['ready', 'notJudged', 'not judged: the command failed (exit 3), so its output proves nothing']],
    });
  });

  it('a step with no checks at all is not a pass when its command failed', () => {
    expect(judged([], { exitCode: 1 })).toEqual({
      status: 'notJudged',
      verdicts: [['command', 'notJudged', 'not judged: the command failed (exit 1), so its output proves nothing']],
    });
  });

  it('a step that declares the exit it expects is judged as before', () => {
    const expectOne: Check = { id: 'exit', kind: 'exit', expect: { kind: 'oneOf', codes: [0, 3] }, line: 1 };
    expect(judged([expectOne, READY], { exitCode: 3, stdout: 'ready\n' }).status).toBe('passed');
  });

  it('isolab run does not exit 0 on it', async () => {
    const file = join(tempDir(), 'ready.md');
    writeFileSync(
      file,
      labText('\n## Wait\n<!-- isolab\nstep: wait\nchecks:\n  - stdout: { contains: ready }\n-->\n\n```sh\necho ready; exit 3\n```\n'),
    );
    const r = await isolab(['run', file, '--yes']);
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.stdout).toContain('not judged: the command failed (exit 3), so its output proves nothing');
    expect(r.stdout).toMatch(/0 passed, 0 failed, 1 not judged/);
  });
});
