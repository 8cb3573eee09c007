import { afterEach, expect, test, vi } from 'vitest';
import type { RunRequest } from '../../src/exec/executor.js';
import { labText, parse } from '../helpers/lab.js';
import { shSession } from '../helpers/session.js';

/**
 * Before every step isolab asks what its command reads from the environment ($ISOLAB_VALUE_name)
 * and what it acts on (kill, docker rm): both found by parsing the command against the value
 * contract. A command that holds no {{name}} and never mentions ISOLAB_VALUE_ (in any case) reads
 * and acts on no value, so it is not parsed: in a lab of fast steps each parse was a visible part of
 * a step's cost, twice per step (BENCH.md, issue 24). A command that may hold a value is still parsed,
 * and still gets exactly the values it reads.
 */

const parsed = vi.hoisted(() => ({ codes: [] as string[] }));
vi.mock('../../src/value/plain-list.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/value/plain-list.js')>();
  return {
    ...real,
    readPlainList: (code: string, ...rest: unknown[]) => {
      parsed.codes.push(code);
      return (real.readPlainList as (...a: unknown[]) => ReturnType<typeof real.readPlainList>)(code, ...rest);
    },
  };
});

afterEach(() => {
  parsed.codes.length = 0;
});

const step = (id: string, code: string, checks: string) =>
  `\n## ${id}\n\n<!-- isolab\nstep: ${id}\nchecks:\n${checks}\n-->\n\n\`\`\`sh\n${code}\n\`\`\`\n`;

const lab = parse(
  labText(
    [
      step('plain', 'echo one', '  - exit: 0'),
      step('find', 'echo 42', "  - capture: { name: n, type: integer, regex: '^(\\d+)$' }"),
      step('template', "docker info -f '{{.OSType}}' || true", '  - exit: 0'),
      step('use', 'echo "$ISOLAB_VALUE_n"', '  - exit: 0'),
    ].join(''),
  ),
);

test('a step whose command can hold no value is not parsed before it runs; one reading a value is, and gets it', async () => {
  const requests: RunRequest[] = [];
  const s = shSession(lab, {
    exec: async (req: RunRequest) => {
      requests.push(req);
      return { stdout: req.code.startsWith('echo 42') ? '42\n' : 'ok\n', stderr: '', exitCode: 0, durationMs: 1 } as never;
    },
  });
  parsed.codes.length = 0;
  for (const id of ['plain', 'find', 'template', 'use']) await s.runStep(id);
  expect(requests.map((r) => r.code)).toEqual(['echo one', 'echo 42', "docker info -f '{{.OSType}}' || true", 'echo "$ISOLAB_VALUE_n"']);
  // Parsed: the docker template (it holds "{{", so it may hold a value) and the step reading $ISOLAB_VALUE_n.
  expect([...new Set(parsed.codes)].sort()).toEqual(["docker info -f '{{.OSType}}' || true", 'echo "$ISOLAB_VALUE_n"']);
  expect(requests[3]!.env?.ISOLAB_VALUE_n).toBe('42');
  expect(requests[0]!.env).not.toHaveProperty('ISOLAB_VALUE_n');
});
