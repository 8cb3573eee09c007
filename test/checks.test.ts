import { describe, expect, it } from 'vitest';
import { evaluateChecks, type Observation } from '../src/check/evaluate.js';
import type { CapturedValue } from '../src/value/types.js';
import { createTranslator } from '../src/i18n/translate.js';
import { labText, parse } from './helpers/lab.js';

const t = createTranslator('en');

/** Parses a one-step lab with these checks (YAML list items) and judges `obs` with them. */
function judge(checksYaml: string, obs: Partial<Observation>, known: Record<string, string> = {}) {
  // Absence is evidence only when the command worked: lint wants an exit check beside these checks.
  // The helper adds one (any status) and leaves its verdict out, so each test reads its own checks.
  const lab = parse(
    labText(
      `\n## S\n<!-- isolab\nstep: s\nchecks:\n${checksYaml}\n  - { id: ran, exit: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 127] }\n-->\n\`\`\`sh\ntrue\n\`\`\`\n`,
      `id: t\ntitle: T\nplatforms: [linux]\nvars: { ${Object.keys(known)
        .map((k) => `${k}: x`)
        .join(', ')} }`,
    ),
  );
  const values = new Map<string, CapturedValue>(
    Object.entries(known).map(([name, value]) => [name, { name, value, type: 'string', stepId: 'lab' }]),
  );
  const ev = evaluateChecks(lab.steps[0]!.checks, { exitCode: 0, stdout: '', stderr: '', ...obs }, values, 's');
  const verdicts = ev.verdicts.filter((v) => v.checkId !== 'ran');
  return { ...ev, verdicts, messages: verdicts.map((v) => `${v.status}: ${t(v.detail.key, v.detail.params)}`) };
}

describe('exit status', () => {
  it('zero, non-zero and exact, each passing and failing', () => {
    expect(judge('  - exit: 0', { exitCode: 0 }).messages).toEqual(['passed: exit status 0, as expected']);
    expect(judge('  - exit: 0', { exitCode: 1 }).messages).toEqual(['failed: exit status 1, expected 0']);
    expect(judge('  - exit: nonzero', { exitCode: 1 }).passed).toBe(true);
    expect(judge('  - exit: nonzero', { exitCode: 0 }).messages).toEqual(['failed: exit status 0, expected non-zero']);
    expect(judge('  - exit: 3', { exitCode: 3 }).passed).toBe(true);
    expect(judge('  - exit: 3', { exitCode: 2 }).messages).toEqual(['failed: exit status 2, expected 3']);
  });

  it('is not judged, with the reason, when the command never exited on its own', () => {
    const r = judge('  - exit: 0', { exitCode: undefined, abnormal: { key: 'reason.timeout', params: { duration: '5.00 s' } } });
    expect(r.messages).toEqual([
      'notJudged: not judged: the command did not finish (timed out after 5.00 s), so nothing it printed proves anything',
    ]);
    expect(r.status).toBe('notJudged');
  });

  it('takes any of a list of codes', () => {
    expect(judge('  - exit: [0, 1]', { exitCode: 1 }).messages).toEqual(['passed: exit status 1, as expected']);
    expect(judge('  - exit: [0, 1]', { exitCode: 2 }).messages).toEqual(['failed: exit status 2, expected one of 0, 1']);
  });
});

describe('literal and regex matching on stdout and stderr', () => {
  const out = { stdout: 'PING localhost (127.0.0.1)\n64 bytes from 127.0.0.1\n', stderr: 'warning: slow\n' };
  it('contains / notContains', () => {
    expect(judge('  - stdout: { contains: "64 bytes" }', out).passed).toBe(true);
    expect(judge('  - stdout: { contains: "timeout" }', out).messages).toEqual(['failed: stdout does not contain "timeout"']);
    expect(judge('  - stderr: { notContains: "error" }', out).passed).toBe(true);
    expect(judge('  - stderr: { notContains: "slow" }', out).messages).toEqual(['failed: stderr contains "slow" on line 1: warning: slow']);
  });
  it('matches / notMatches, multi-line, with flags', () => {
    expect(judge("  - stdout: { matches: '^64 bytes' }", out).passed).toBe(true);
    expect(judge("  - stdout: { matches: '^ping', flags: i }", out).passed).toBe(true);
    expect(judge("  - stdout: { matches: '^ping' }", out).messages).toEqual(['failed: stdout has no match for /^ping/']);
    expect(judge("  - stdout: { notMatches: 'unreachable' }", out).passed).toBe(true);
    expect(judge("  - stdout: { notMatches: '127\\.0\\.0\\.1' }", out).messages).toEqual([
      'failed: stdout matches /127\\.0\\.0\\.1/ on line 1: PING localhost (127.0.0.1)',
    ]);
  });
  it('treats a captured value inside a pattern literally', () => {
    expect(judge("  - stdout: { matches: '^{{v}}$' }", { stdout: 'a.c\n' }, { v: 'a.c' }).passed).toBe(true);
    expect(judge("  - stdout: { matches: '^{{v}}$' }", { stdout: 'abc\n' }, { v: 'a.c' }).passed).toBe(false);
  });
});

describe('typed captures', () => {
  it('captures an integer, a hex id and a name', () => {
    const r = judge(
      `  - capture: { name: pid, type: integer, regex: '^\\s*(\\d+)\\s+ping' }
  - capture: { name: cid, type: hexid, regex: '^([0-9a-f]{64})$' }
  - capture: { name: cname, type: name, regex: 'name=(\\S+)' }`,
      { stdout: `3964 ping\n${'ab'.repeat(32)}\nname=isolab-proc-1\n` },
    );
    expect(r.captured.map((c) => [c.name, c.value, c.type])).toEqual([
      ['pid', '3964', 'integer'],
      ['cid', 'ab'.repeat(32), 'hexid'],
      ['cname', 'isolab-proc-1', 'name'],
    ]);
    expect(r.messages[0]).toBe('passed: captured 3964');
  });

  it('says clearly when nothing matched', () => {
    const r = judge("  - capture: { name: pid, type: integer, regex: '^(\\d+) ping' }", { stdout: 'no processes\n' });
    expect(r.messages).toEqual(['failed: nothing in stdout matched what this step looks for (/^(\\d+) ping/)']);
    expect(r.captured).toEqual([]);
  });

  it('refuses a value that does not fit the type, so it can never reach a command', () => {
    const r = judge("  - capture: { name: pid, type: integer, regex: '^PID: (.*)$' }", { stdout: 'PID: 1; touch /tmp/pwned\n' });
    expect(r.messages).toEqual(['failed: found "1; touch /tmp/pwned", which is not a whole number']);
    expect(r.captured).toEqual([]);
    expect(judge("  - capture: { name: n, type: name, regex: '^(.*)$' }", { stdout: '$(id)\n' }).captured).toEqual([]);
    expect(judge("  - capture: { name: h, type: hexid, regex: '^(.*)$' }", { stdout: 'abc`id`\n' }).captured).toEqual([]);
  });

  it('captures from a table, falling back to a regex (docker top then and now)', () => {
    const spec = `  - capture:
      name: pid
      type: integer
      table: { column: PID, where: { Name: { matches: '^ping' } } }
      regex: '^\\s*(\\d+)\\s+ping'`;
    const current =
      'Name                PID                 CPU                 Private Working Set\nping.exe            3964                00:00:00.031        1.044MB\n';
    expect(judge(spec, { stdout: current }).captured[0]?.value).toBe('3964');
    expect(judge(spec, { stdout: '\n3964 ping\n' }).captured[0]?.value).toBe('3964');
    const none = judge(spec, { stdout: 'Name  PID\nother.exe  12\n' });
    expect(none.messages[0]).toBe(
      'failed: nothing in stdout matched what this step looks for (table column PID, /^\\s*(\\d+)\\s+ping/); no row in stdout where Name ~ /^ping/',
    );
  });

  it('lets a later check of the same step use the capture', () => {
    const r = judge(
      `  - capture: { name: pid, type: integer, regex: '^(\\d+)$' }
  - row: { where: { PID: '{{pid}}' } }`,
      { stdout: '42\n' },
    );
    // 42 is not a table with a PID column: the row check fails and says which columns exist.
    expect(r.messages[1]).toBe('failed: the table in stdout has no column "PID" (columns: 42)');
  });
});

describe('table rows', () => {
  const ps = '    PID COMMAND\n      1 init\n  41235 ping\n';
  it('a row where a column equals a value or a capture exists', () => {
    expect(judge("  - row: { where: { PID: '41235', COMMAND: ping } }", { stdout: ps }).messages).toEqual([
      'passed: a row where PID = 41235 and COMMAND = ping is in stdout',
    ]);
    expect(judge("  - row: { where: { PID: '{{pid}}' } }", { stdout: ps }, { pid: '41235' }).passed).toBe(true);
    expect(judge("  - row: { where: { PID: '{{pid}}' } }", { stdout: ps }, { pid: '3964' }).messages).toEqual([
      'failed: no row where PID = 3964 among the 2 rows of stdout',
    ]);
  });
  it('is absent', () => {
    expect(judge('  - noRow: { where: { COMMAND: sleep } }', { stdout: ps }).messages).toEqual([
      'passed: no row where COMMAND = sleep among the 2 rows of stdout',
    ]);
    expect(judge("  - noRow: { where: { COMMAND: { matches: '^pi' } } }", { stdout: ps }).messages).toEqual([
      'failed: a row where COMMAND ~ /^pi/ is in stdout: 41235  ping',
    ]);
    expect(judge('  - noRow: { where: { COMMAND: ping } }', { stdout: '' }).passed).toBe(true);
    expect(judge('  - noRow: { where: { COMMAND: ping } }', { stdout: '    PID COMMAND\n' }).messages).toEqual([
      'passed: no row where COMMAND = ping among the 0 rows of stdout',
    ]);
  });
  it('compares case-insensitively when asked (PowerShell prints PING)', () => {
    const gp =
      'Handles  NPM(K)    PM(K)      WS(K) VM(M)   CPU(s)     Id  SI ProcessName\n-------  ------    -----      ----- -----   ------     --  -- -----------\n     67       5      820       3836 ...71     0.03   3964   3 PING\n';
    expect(judge('  - row: { where: { ProcessName: ping } }', { stdout: gp }).passed).toBe(false);
    expect(judge('  - row: { where: { ProcessName: { equals: ping, ignoreCase: true }, Id: 3964 } }', { stdout: gp }).passed).toBe(true);
  });
  it('fails and lists the columns when the column does not exist', () => {
    expect(judge('  - row: { where: { Pid2: 1 } }', { stdout: ps }).messages).toEqual([
      'failed: the table in stdout has no column "Pid2" (columns: PID, COMMAND)',
    ]);
  });
});

describe('a catastrophic regex in a lab', () => {
  it('does not freeze the runner', () => {
    // Without the linear-time fallback this takes longer than the age of the universe.
    const r = judge("  - stdout: { matches: '^(a+)+$' }", { stdout: `${'a'.repeat(60)}b\n` });
    expect(r.messages).toEqual(['failed: stdout has no match for /^(a+)+$/']);
  });
});
