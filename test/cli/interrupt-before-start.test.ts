import { execa } from 'execa';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * Ctrl+C while isolab gets a run ready (here the preflight's question to a docker engine that does
 * not answer) ended isolab with 130 and not a word: the learner could not tell whether anything of
 * the lab had run or was left behind. Nothing had: it now says so, in the learner's language, and
 * still exits 130 (143 for SIGTERM).
 */
async function interruptedAtPreflight(lang: 'en' | 'fr', signal: 'SIGINT' | 'SIGTERM', toGroup = true) {
  const bin = tempDir();
  const calls = join(tempDir(), 'calls');
  // A docker that never answers: isolab's preflight waits on it.
  writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$$ $*" >> '${calls}'\nexec sleep 30\n`);
  chmodSync(join(bin, 'docker'), 0o755);
  const child = execa(process.execPath, [BIN, 'run', join(ROOT, 'labs/container-host.md'), '--yes'], {
    env: { ISOLAB_STATE_DIR: tempDir(), ISOLAB_LANG: lang, NO_COLOR: '1', PATH: `${bin}:${process.env.PATH}` },
    reject: false,
    detached: true,
    timeout: 30_000,
  });
  const end = Date.now() + 15_000;
  while (!existsSync(calls) || !readFileSync(calls, 'utf8').includes('info')) {
    if (Date.now() > end) throw new Error('the preflight never asked docker');
    await new Promise((r) => setTimeout(r, 50));
  }
  // As a terminal's Ctrl+C does: the whole foreground group (isolab and the docker it waits on);
  // or isolab alone, as a service manager or `kill` does.
  process.kill(toGroup ? -child.pid! : child.pid!, signal);
  const r = await child;
  const queries = readFileSync(calls, 'utf8')
    .trim()
    .split('\n')
    .map((l) => Number(l.split(' ')[0]));
  return { ...r, queries };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('Ctrl+C during the preflight says nothing of the lab ran, and exits 130', async () => {
  loadCatalogs();
  const r = await interruptedAtPreflight('en', 'SIGINT');
  expect(r.exitCode).toBe(130);
  expect(r.stderr).toContain(createTranslator('en')('run.interruptedBeforeStart'));
  expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
}, 40_000);

test('SIGTERM there says it too, in the learner language, and exits 143', async () => {
  loadCatalogs();
  const r = await interruptedAtPreflight('fr', 'SIGTERM');
  expect(r.exitCode).toBe(143);
  expect(r.stderr).toContain(createTranslator('fr')('run.interruptedBeforeStart'));
}, 40_000);

test('SIGTERM to isolab alone while the preflight waits ends the queries it started too: nothing is left running', async () => {
  loadCatalogs();
  const r = await interruptedAtPreflight('en', 'SIGTERM', false);
  expect(r.exitCode).toBe(143);
  expect(r.queries.length).toBeGreaterThan(0);
  const end = Date.now() + 3000;
  while (r.queries.some(alive) && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
  expect(r.queries.filter(alive)).toEqual([]);
}, 40_000);
