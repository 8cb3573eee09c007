import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { LabLifecycle } from '../../../src/ui/lifecycle.js';
import { runLinearTui } from '../../../src/ui/linear/linear-tui.js';
import { tempDir } from '../../helpers/cli.js';
import { SPEAKING_LAB } from './speaking-lab.js';

/**
 * What each screen says in the screen-reader mode, in two languages: the lab list, a step as the
 * learner arrives at it, its keys on request, the step once run (status, output, each verdict as a
 * word), the next step, and the end with its summary. The real driver and Session run the lab.
 */

let root: string;
beforeEach(() => {
  loadCatalogs();
  root = tempDir('isolab-say-');
  mkdirSync(join(root, 'labs'));
  mkdirSync(join(root, 'state'));
  writeFileSync(join(root, 'labs', 'speak.md'), SPEAKING_LAB);
  process.env.ISOLAB_STATE_DIR = join(root, 'state');
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(root, { recursive: true, force: true });
});

async function walk(locale: string, skip = false): Promise<string> {
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const ended = runLinearTui(
    {
      locale,
      readOnly: false,
      labsDir: join(root, 'labs'),
      host: 'linux',
      leftovers: () => [],
      lifecycle: new LabLifecycle(),
      preflights: { get: async () => ({ platform: 'linux', ok: true, items: [] }), peek: () => undefined } as never,
      sharing: undefined,
    },
    { stdin, stdout: stdout as unknown as NodeJS.WriteStream },
  );
  const said = async (needle: RegExp, count = 1) => {
    const end = Date.now() + 10_000;
    while ((text.match(new RegExp(needle, 'g')) ?? []).length < count) {
      if (Date.now() > end) throw new Error(`${needle} never said:\n${text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const press = async (key: string) => {
    (stdin as unknown as PassThrough).write(key);
    await new Promise((r) => setTimeout(r, 30));
  };
  // Each screen is waited for by its question (the line that closes it) or its own last line.
  await said(/echo hello|1\. /);
  await press('\r'); // open
  await said(/echo hello/);
  if (skip) {
    // Both steps skipped (s moves on to the next step), then the end.
    await press('s');
    await said(/good%sbye/);
    await press('s');
    await said(/Step 2 of 2: skipped|skipped/);
    await press('\r'); // finish
    await said(/The lab is done[^\n]*\n[^\n]*\n/);
    await press('q');
    await ended;
    return text;
  }
  await press('?');
  await press('\r'); // run step 1
  await said(/greeted: /);
  await press('\r'); // next step
  await said(/good%sbye/);
  await press('\r'); // run step 2
  await said(/farewell: /);
  await press('\r'); // finish
  await said(/2\/2|2 \S* 2/);
  await new Promise((r) => setTimeout(r, 100));
  await press('q');
  await ended;
  // Durations differ from run to run.
  return text.replace(/([(（])\d[^)）]*([)）])/g, '$1N$2');
}

describe('the screen-reader text of each screen', () => {
  it('in English', async () => {
    expect(await walk('en')).toMatchSnapshot();
  });

  it('in French, in its own typography', async () => {
    expect(await walk('fr')).toMatchSnapshot();
  });
});

describe('the screen-reader end accounts for every step', () => {
  it('two skipped steps are said as skipped after the count of those passed', async () => {
    const text = await walk('en', true);
    expect(text).toContain('The lab is done: 0 of 2 steps passed.\nThe other steps: 2 skipped.');
  });

  it('every step passed: the one line, nothing more', async () => {
    expect(await walk('en')).not.toContain('The other steps');
  });
});
