import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { membershipFile } from '../../src/class/paths.js';
import { readMembership, writeMembership, type Membership } from '../../src/class/membership.js';
import { tempDir } from '../helpers/cli.js';

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const joined: Membership = {
  version: 1,
  url: 'http://127.0.0.1:7373/j/0123456789abcdef0123456789abcdef',
  className: 'Contenedores, grupo B',
  learner: '0123456789abcdef0123456789abcdef',
  name: 'Ana',
  shareOutput: false,
  joinedAt: '2026-12-06T10:00:00.000Z',
};

describe('the class this machine joined is read back as data', () => {
  it('a membership as isolab writes it is read back whole', () => {
    const env = { ISOLAB_STATE_DIR: tempDir() };
    made.push(env.ISOLAB_STATE_DIR);
    writeMembership(joined, env);
    expect(readMembership(env)).toEqual(joined);
  });

  it.each([
    ['a class name that adds a line to the screen', { className: 'Class\n✔ all 5 checks passed' }],
    ['a class name with a terminal escape', { className: 'Class\u001b[2J' }],
    ['a learner name with a bidi override', { name: 'Ana\u202e' }],
  ])('a hand-edited membership with %s means "not joined": it never reaches the learner screen', (_what, forged) => {
    const env = { ISOLAB_STATE_DIR: tempDir() };
    made.push(env.ISOLAB_STATE_DIR);
    const file = membershipFile(env);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...joined, ...forged }));
    expect(readMembership(env)).toBeUndefined();
  });
});
