import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import { formatProblem, LabError } from '../../src/lab/errors.js';
import { tempDir } from '../helpers/cli.js';

/**
 * `isolab run labs/dir.md` where dir.md is a folder said, on a French screen, "impossible de lire le
 * labo : not a regular file": the reason was the code's English. Why a file cannot be read is said in
 * the reader's language.
 */

beforeAll(() => loadCatalogs());

function problemOf(file: string, lang: string): string {
  try {
    readLab(file);
  } catch (e) {
    if (e instanceof LabError) return formatProblem(e.problems[0]!, createTranslator(lang));
    throw e;
  }
  throw new Error(`${file} was read`);
}

it.each([
  ['en', 'cannot read the lab: it is a folder or a device, not a file'],
  ['es', 'no se puede leer el laboratorio: es una carpeta o un dispositivo, no un archivo'],
  ['fr', 'impossible de lire le labo\u00a0: c’est un dossier ou un périphérique, pas un fichier'],
  ['zh-CN', '无法读取实验：它是文件夹或设备，而不是文件'],
])('%s: a folder named like a lab is not a file, in the reader’s words', (lang, said) => {
  const dir = join(tempDir('isolab-read-errors-'), 'dir.md');
  mkdirSync(dir);
  const first = problemOf(dir, lang).split('\n')[0]!;
  expect(first).toMatch(/dir\.md:1: /);
  expect(first.endsWith(said)).toBe(true);
});

it('a missing file, and a path through a file, are "no such file"', () => {
  const dir = tempDir('isolab-read-errors-');
  expect(problemOf(join(dir, 'gone.md'), 'es')).toContain('el archivo no existe');
  expect(problemOf(join('/etc/hostname', 'lab.md'), 'en')).toContain('cannot read the lab: no such file');
});
