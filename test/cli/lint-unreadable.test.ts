import { execa } from 'execa';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';

/**
 * `isolab lint labs/` with a subfolder this user may not read stopped at it with a raw
 * "error: EACCES: permission denied, scandir …" and linted nothing. The folder is a problem of its own,
 * `folder:1:` in the reader's words, and the rest is still linted. Root reads every folder, so as root
 * the run is made as the user nobody (setpriv), as a learner's account would be.
 */

const dir = tempDir('isolab-lint-unreadable-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a folder lint may not read is named as a problem, in the reader’s language, and the rest is linted', async () => {
  const labs = join(dir, 'labs');
  mkdirSync(join(labs, 'locked'), { recursive: true });
  copyFileSync(join(ROOT, 'labs', 'namespaces.md'), join(labs, 'namespaces.md'));
  chmodSync(join(labs, 'locked'), 0o000);
  // nobody must reach the labs folder, and the state folder is its own.
  for (const d of [dir, labs]) chmodSync(d, 0o755);
  const env = { NO_COLOR: '1', HOME: dir, ISOLAB_LANG: 'fr', ISOLAB_STATE_DIR: join(dir, 'state') };
  const asUser =
    process.getuid?.() === 0
      ? [
          'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            'env',
            ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
            process.execPath,
            BIN,
            'lint',
            labs,
          ],
        ]
      : [process.execPath, [BIN, 'lint', labs]];
  const r = await execa(asUser[0] as string, asUser[1] as string[], { reject: false, env, cwd: ROOT });
  expect(r.stdout, r.stderr).toBe(
    `${join(labs, 'locked')}:1: impossible de lire ce dossier\u00a0: cet utilisateur n’a pas le droit de le lire`,
  );
  expect(r.stderr).not.toMatch(/EACCES|scandir/);
  // namespaces.md was linted: one file checked, and the one problem is the folder.
  expect(r.stderr).toContain('1 fichier vérifié, 1 problème');
  expect(r.exitCode).toBe(1);
});
