import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isolab, tempDir } from '../helpers/cli.js';

/**
 * `isolab lint dir.md` (a folder named like a lab, empty) printed "0 fichier vérifié, 0 problème" and
 * exited 0; `isolab run dir.md` said it was a folder and no more. A path the user named that holds no
 * lab is a problem, and a folder given to run names the labs in it.
 */

const dir = tempDir('isolab-lint-folder-md-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lint of an empty folder named *.md, or of a file that is not a lab, is a problem with a hint, not a clean run', async () => {
  mkdirSync(join(dir, 'empty.md'));
  writeFileSync(join(dir, 'notes.txt'), 'hello\n');
  const fr = await isolab(['--lang', 'fr', 'lint', join(dir, 'empty.md')], { cwd: dir });
  expect(fr.exitCode).toBe(1);
  expect(fr.stdout).toContain('empty.md:1: ce dossier ne contient aucun labo');
  expect(fr.stdout).toContain('donnez un fichier de labo ou un dossier de labos');
  expect(fr.stderr).toContain('1 problème');
  const en = await isolab(['lint', join(dir, 'notes.txt')], { cwd: dir });
  expect(en.exitCode).toBe(1);
  expect(en.stdout).toContain('notes.txt:1: not a lab: a lab is a Markdown file named *.md');
});

it('run of a folder names the labs in it, or says to give a lab file', async () => {
  const labs = join(dir, 'labs.md');
  mkdirSync(labs);
  const none = await isolab(['--lang', 'fr', 'run', labs], { cwd: dir });
  expect(none.exitCode).toBe(2);
  expect(none.stderr + none.stdout).toContain('donnez un fichier de labo (*.md), pas un dossier');
  writeFileSync(join(labs, 'one.md'), '# One\n');
  const one = await isolab(['--lang', 'fr', 'run', labs], { cwd: dir });
  expect(one.stderr + one.stdout).toContain('donnez l’un des labos qu’il contient\u00a0: labs.md/one.md');
});
