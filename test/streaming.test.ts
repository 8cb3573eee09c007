import { describe, expect, it } from 'vitest';
import { StreamJudge } from '../src/check/judge.js';
import { LineSplitter, type Line } from '../src/check/lines.js';
import { createTranslator } from '../src/i18n/translate.js';
import { Session } from '../src/session/session.js';
import { labText, parse } from './helpers/lab.js';
import { editionOf } from '../src/edition/edition.js';

/** Checks see every line a command printed, as a terminal shows it, whatever its length. */

const t = createTranslator('en');

function lines(...chunks: string[]): Line[] {
  const out: Line[] = [];
  const s = new LineSplitter((l) => out.push(l), 16);
  for (const c of chunks) s.push(c);
  s.end();
  return out;
}

describe('lines, as a terminal shows them', () => {
  it('a bare \\r returns to column 0 and later text overwrites; \\r\\n is a newline', () => {
    expect(lines('progress 1\rprogress 2\n').map((l) => l.text)).toEqual(['progress 2']);
    expect(lines('abcdef\rxy\n').map((l) => l.text)).toEqual(['xycdef']);
    expect(lines('one\r\ntwo\r', '\nthree').map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(lines('spl', 'it\rS', 'P\n').map((l) => l.text)).toEqual(['SPlit']);
  });

  it('a line longer than the limit keeps its start and says it is not whole', () => {
    expect(lines('x'.repeat(10), 'y'.repeat(10), '\nok\n')).toEqual([
      { text: 'xxxxxxxxxxyyyyyy', n: 1, whole: false },
      { text: 'ok', n: 2, whole: true },
    ]);
  });
});

/** Runs one step for real through sh and returns its verdicts as the learner reads them. */
async function run(code: string, checks: string) {
  const lab = parse(labText(`\n## S\n<!-- isolab\nstep: s\ntimeout: 60s\nchecks:\n${checks}\n-->\n\`\`\`sh\n${code}\n\`\`\`\n`));
  const session = new Session({ edition: editionOf(lab, { platform: 'linux', shell: 'sh' }), ledgerDir: false });
  const started = performance.now();
  const st = await session.runStep('s');
  const ms = performance.now() - started;
  return { status: st.status, ms, verdicts: st.verdicts.map((v) => `${v.status}: ${t(v.detail.key, v.detail.params)}`) };
}

describe('judging the whole of each stream, through real sh', () => {
  it('a failed command proves no absence: `cat /nonexistent | …` fails its exit check and its noRow is not judged', async () => {
    const r = await run(
      "cat /nonexistent | awk '{ print }'; exit 1",
      `  - exit: 0\n  - noRow: { where: { CMD: { matches: '^ping' } } }\n    pass: No ping is listed.`,
    );
    expect(r.status).toBe('failed');
    expect(r.verdicts).toEqual([
      'failed: exit status 1, expected 0',
      'notJudged: not judged: the command failed (exit 1), so its output proves nothing',
    ]);
  });

  it('ERROR on line 100,001 fails notContains: ERROR', async () => {
    const r = await run('seq 100000; echo ERROR; seq 10', '  - exit: 0\n  - stdout: { notContains: ERROR }');
    expect(r.verdicts[1]).toBe('failed: stdout contains "ERROR" on line 100001: ERROR');
  });

  it('a \\r progress stream passes contains "progress 99999", as the screen shows it', async () => {
    const r = await run(
      `awk 'BEGIN { for (i = 0; i < 100000; i++) printf "progress %d\\r", i; print "" }'`,
      '  - exit: 0\n  - stdout: { contains: "progress 99999" }',
    );
    expect(r.verdicts).toEqual(['passed: exit status 0, as expected', 'passed: stdout contains "progress 99999"']);
  });

  it('a 100,000-row table is judged on all its rows, and the verdict says how many', async () => {
    const table = `awk 'BEGIN { print "  PID COMMAND"; for (i = 1; i <= 100000; i++) printf "%5d %s\\n", i, (i == 99999 ? "ping" : "sleep") }'`;
    const r = await run(
      table,
      `  - exit: 0\n  - noRow: { where: { COMMAND: pong } }\n  - row: { where: { COMMAND: ping } }\n  - capture: { name: last, type: integer, table: { column: PID, where: { COMMAND: ping } } }`,
    );
    expect(r.verdicts).toEqual([
      'passed: exit status 0, as expected',
      'passed: no row where COMMAND = pong among the 100000 rows of stdout',
      'passed: a row where COMMAND = ping is in stdout',
      'passed: captured 99999',
    ]);
  });

  it('a line too long to read whole: what needed it is not judged, what was already proven stays', async () => {
    const r = await run(
      `echo ready; head -c 2000000 /dev/zero | tr '\\0' a; echo`,
      '  - exit: 0\n  - stdout: { contains: ready }\n  - stdout: { notContains: b }',
    );
    expect(r.verdicts).toEqual([
      'passed: exit status 0, as expected',
      'passed: stdout contains "ready"',
      'notJudged: not judged: line 2 of stdout is longer than 1 MiB, so it could not be read whole',
    ]);
  });
});

describe('checks in order, on a stream', () => {
  it('a row that streamed by before the value was captured is still found', () => {
    const checks = parse(
      labText(
        `\n## S\n<!-- isolab\nstep: s\nchecks:\n  - exit: 0\n  - capture: { name: pid, type: integer, regex: '^main: (\\d+)$' }\n  - row: { where: { PID: '{{pid}}', COMMAND: ping } }\n-->\n\`\`\`sh\ntrue\n\`\`\`\n`,
      ),
    ).steps[0]!.checks;
    const judge = new StreamJudge(checks, { known: new Map(), stepId: 's' });
    judge.push('stdout', '  PID COMMAND\n');
    for (let i = 1; i <= 500; i++) judge.push('stdout', `${String(i).padStart(5)} ${i === 42 ? 'ping' : 'sleep'}\n`);
    judge.push('stdout', '\nmain: 42\n');
    const ev = judge.finish({ exitCode: 0 });
    expect(ev.verdicts.map((v) => `${v.status}: ${t(v.detail.key, v.detail.params)}`)).toEqual([
      'passed: exit status 0, as expected',
      'passed: captured 42',
      'passed: a row where PID = 42 and COMMAND = ping is in stdout',
    ]);
  });

  it('memory stays bounded on a flood: 5 million lines judged, none kept', () => {
    const checks = parse(
      labText(`\n## S\n<!-- isolab\nstep: s\nchecks:\n  - exit: 0\n  - stdout: { notContains: ERROR }\n-->\n\`\`\`sh\ntrue\n\`\`\`\n`),
    ).steps[0]!.checks;
    const judge = new StreamJudge(checks, { known: new Map(), stepId: 's' });
    const chunk = 'line of output\n'.repeat(4096);
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1221; i++) judge.push('stdout', chunk);
    const grown = process.memoryUsage().heapUsed - before;
    judge.push('stdout', 'ERROR here\n');
    const ev = judge.finish({ exitCode: 0 });
    expect(t(ev.verdicts[1]!.detail.key, ev.verdicts[1]!.detail.params)).toBe('stdout contains "ERROR" on line 5001217: ERROR here');
    // 70 MB went through; what is kept does not grow with it.
    expect(grown).toBeLessThan(32 * 1024 * 1024);
  });
});
