import { describe, expect, it } from 'vitest';
import { evaluateChecks } from '../../src/check/evaluate.js';
import { createTranslator } from '../../src/i18n/translate.js';
import type { Check } from '../../src/lab/model.js';

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
