import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { isolab } from '../helpers/cli.js';
import { quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/**
 * The language picked with l is the one isolab speaks on the next start, until the learner picks
 * another; --lang and ISOLAB_LANG still decide when given, the system's LANG does not undo the choice.
 */

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;

beforeEach(() => {
  box = sandbox(['process-lab.md']);
});

afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

async function pickSpanish(): Promise<void> {
  tui = renderApp({ labsDir: box.labsDir });
  await tui.see('Language: English');
  await tui.press('l');
  await tui.see('Idioma: Español');
  await quitTui(tui);
  tui = undefined;
}

test('a language picked with l is the language of the next start', async () => {
  await pickSpanish();
  const env = { ISOLAB_LABS_DIR: box.labsDir, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const next = await isolab(['list'], { stateDir: box.stateDir, env });
  expect(next.stdout).toContain('pasos');
  expect(next.stdout).not.toContain('steps');
});

test('--lang and ISOLAB_LANG still decide over the remembered language', async () => {
  await pickSpanish();
  const env = { ISOLAB_LABS_DIR: box.labsDir };
  expect((await isolab(['list', '--lang', 'en'], { stateDir: box.stateDir, env })).stdout).toContain('steps');
  expect((await isolab(['list'], { stateDir: box.stateDir, env: { ...env, ISOLAB_LANG: 'fr' } })).stdout).toContain('étapes');
});

test('a preferences file isolab did not write is no preference: nothing is read from it', async () => {
  writeFileSync(join(box.stateDir, 'preferences.json'), JSON.stringify({ formatVersion: 1, lang: '../../etc' }));
  const r = await isolab(['list'], { stateDir: box.stateDir, env: { ISOLAB_LABS_DIR: box.labsDir, LANG: 'en_US.UTF-8' } });
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain('steps');
});
