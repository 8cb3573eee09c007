import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { LabLifecycle } from '../../../src/ui/lifecycle.js';
import { runLinearTui } from '../../../src/ui/linear/linear-tui.js';
import { tempDir } from '../../helpers/cli.js';

/** A check that cannot be judged (its command fails), then a step with nothing to run. */
const LAB = `---
id: unjudged
title: Unjudged lab
platforms: [linux]
---

## Look for it

<!-- isolab
step: look
checks:
  - id: found
    stdout: { contains: 'found' }
    pass: "It was found."
    fail: "It was not found."
-->

\`\`\`sh
echo searching; exit 1
\`\`\`

## Read this

<!-- isolab step: reading -->

A step to **read**, with nothing to run.
`;

let root: string;
beforeEach(() => {
  loadCatalogs();
  root = tempDir('isolab-said-');
  mkdirSync(join(root, 'labs'));
  mkdirSync(join(root, 'state'));
  writeFileSync(join(root, 'labs', 'unjudged.md'), LAB);
  process.env.ISOLAB_STATE_DIR = join(root, 'state');
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(root, { recursive: true, force: true });
});

async function walk(): Promise<string> {
  let text = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const stdin = new PassThrough();
  const ended = runLinearTui(
    {
      locale: 'en',
      readOnly: false,
      labsDir: join(root, 'labs'),
      host: 'linux',
      leftovers: () => [],
      lifecycle: new LabLifecycle(),
      preflights: { get: async () => ({ platform: 'linux', ok: true, items: [] }), peek: () => undefined } as never,
      sharing: undefined,
    },
    { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
  );
  const said = async (needle: string, count = 1) => {
    const end = Date.now() + 10_000;
    while (text.split(needle).length - 1 < count) {
      if (Date.now() > end) throw new Error(`"${needle}" never said:\n${text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const press = async (key: string) => {
    stdin.write(key);
    await new Promise((r) => setTimeout(r, 30));
  };
  await said('What now?');
  await press('\r'); // open
  await said('Enter: run');
  await press('\r'); // run step 1
  await said('Step 1 of 2: not judged');
  await said('What now?', 3);
  await press('\r'); // next step
  await said('Step 2 of 2: Read this.');
  await said('What now?', 4);
  await press('\r'); // "run" the reading step
  await said('Step 2 of 2: read.');
  await said('What now?', 5);
  await press('q');
  await ended;
  return text;
}

describe('screen-reader mode: what a finished step says', () => {
  it('a check not judged says "not judged" once, with its reason and its id', async () => {
    const text = await walk();
    expect(text).toContain('? found: not judged: the command failed (exit 1), so its output proves nothing');
    expect(text).not.toContain('not judged: not judged');
  });

  it('a step with nothing to run is said read, once, after its question, never "running" nor timed', async () => {
    const text = await walk();
    const step = text.slice(text.indexOf('Step 2 of 2: Read this.'));
    expect(step).not.toContain('Running step 2 of 2');
    expect(step).not.toMatch(/\(\d+ ms\)/);
    expect(step).not.toContain('No output.');
    expect(step.split('nothing to run: read and move on').length - 1).toBe(1);
    // One question closes the step as it is read, one after it was read: none in between.
    const read = step.indexOf('📖 Step 2 of 2: read.');
    expect(read).toBeGreaterThan(0);
    expect(step.slice(0, read).split('What now?').length - 1).toBe(1);
    expect(step.slice(read).split('What now?').length - 1).toBe(1);
    expect(step).toContain('A step to read, with nothing to run.');
    // q with nothing running: no "stopping the running step" for a step that is not there.
    expect(text).not.toContain('Pausing the lab');
  });
});
