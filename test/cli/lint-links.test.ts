import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab, ROOT, tempDir } from '../helpers/cli.js';

/** A folder with one good lab, a link back into itself, a link out of it, and a broken *.md link. */
function linkedFolder(): string {
  const d = join(tempDir(), 'd');
  mkdirSync(join(d, 'sub'), { recursive: true });
  copyFileSync(join(ROOT, 'test/fixtures/recap-lab.md'), join(d, 'good.md'));
  symlinkSync('.', join(d, 'sub', 'self'));
  symlinkSync('/etc', join(d, 'etc'));
  symlinkSync('missing.md', join(d, 'x.md'));
  return d;
}

describe('isolab lint <folder> does not follow folder links, and goes on past a broken one', () => {
  it('fr: the loop and the link out are named as skipped, the broken link is x.md:1, the rest is linted', async () => {
    const d = linkedFolder();
    const r = await isolab(['lint', 'd', '--lang', 'fr'], { cwd: join(d, '..') });
    expect(r.stderr).not.toMatch(/ELOOP|ISOLAB_STATE_DIR|erreur/);
    expect(r.stderr).toContain('d/etc ignoré\u00a0: c’est un lien symbolique vers un dossier');
    expect(r.stderr).toContain('d/sub/self ignoré\u00a0: c’est un lien symbolique vers un dossier');
    expect(r.stdout).toBe('d/x.md:1: impossible de lire le labo\u00a0: fichier introuvable');
    // good.md and x.md, nothing from /etc and nothing twice through the loop.
    expect(r.stderr).toContain('2 fichiers vérifiés, 1 problème');
    expect(r.exitCode).toBe(1);
  });

  it('en, es, zh-CN: the skipped link in the reader’s language', async () => {
    const d = linkedFolder();
    const cwd = join(d, '..');
    const en = await isolab(['lint', 'd', '--lang', 'en'], { cwd });
    expect(en.stderr).toContain('skipped d/sub/self: a link to a folder');
    const es = await isolab(['lint', 'd', '--lang', 'es'], { cwd });
    expect(es.stderr).toContain('se omitió d/sub/self: es un vínculo simbólico a una carpeta');
    const zh = await isolab(['lint', 'd', '--lang', 'zh-CN'], { cwd });
    expect(zh.stderr).toContain('已跳过 d/sub/self：它是指向文件夹的符号链接');
  });
});
