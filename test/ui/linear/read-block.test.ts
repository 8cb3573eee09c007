import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { LabLifecycle } from '../../../src/ui/lifecycle.js';
import { runLinearTui } from '../../../src/ui/linear/linear-tui.js';
import { tempDir } from '../../helpers/cli.js';

/** Step 2 shows the PowerShell edition's command to read: with the value step 1 captured. */
const LAB = `---
id: readblock
title: Read block lab
platforms: [linux]
editions: [linux/sh, linux/powershell]
---

A lab with a command to read in the \`other\` shell.

## Capture a word

<!-- isolab
step: word
checks:
  - id: got
    capture: { name: token, type: integer, regex: '^(\\d+)$' }
    pass: "Got {{token}}."
    fail: "No number."
-->

Print a number.

\`\`\`sh
echo 4242
\`\`\`

\`\`\`powershell {platform=linux}
Write-Output 4242
\`\`\`

## Use it

<!-- isolab
step: use
checks:
  - id: used
    stdout: { contains: '4242' }
    pass: "Used."
    fail: "Not used."
-->

In PowerShell this reads the same number.

\`\`\`powershell {platform=linux}
Get-Process -Id {{token}}
\`\`\`

\`\`\`sh
ps -p {{token}} -o pid= || echo 4242
\`\`\`
`;

let root: string;
beforeEach(() => {
  loadCatalogs();
  root = tempDir('isolab-readblock-');
  mkdirSync(join(root, 'labs'));
  mkdirSync(join(root, 'state'));
  writeFileSync(join(root, 'labs', 'readblock.md'), LAB);
  process.env.ISOLAB_STATE_DIR = join(root, 'state');
});
afterEach(() => {
  delete process.env.ISOLAB_STATE_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('the screen-reader mode reads a command of the other shell as the full screen shows it', () => {
  it('with the captured value filled in and the shell named, never {{token}}', async () => {
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
        shell: 'sh',
        leftovers: () => [],
        lifecycle: new LabLifecycle(),
        preflights: { get: async () => ({ platform: 'linux', ok: true, items: [] }), peek: () => undefined } as never,
        sharing: undefined,
      },
      { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
    );
    const said = async (needle: RegExp) => {
      const end = Date.now() + 10_000;
      while (!needle.test(text)) {
        if (Date.now() > end) throw new Error(`${needle} never said:\n${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const press = async (key: string) => {
      stdin.write(key);
      await new Promise((r) => setTimeout(r, 30));
    };
    await said(/Read block lab/);
    await press('\r'); // open
    await said(/echo 4242/);
    await press('\r'); // run step 1
    await said(/Got 4242/);
    await press('\r'); // next step
    await said(/ps -p/);
    await press('q');
    await press('q');
    await Promise.race([ended, new Promise((r) => setTimeout(r, 3000))]);
    expect(text).toContain('Get-Process -Id 4242');
    expect(text).not.toContain('{{token}}');
    expect(text).toMatch(/\(Linux · PowerShell\)/);
    // The lab's introduction is read when it opens, without the Markdown's backticks.
    expect(text).toContain('A lab with a command to read in the other shell.');
  });
});
