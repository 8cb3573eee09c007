import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolab, ROOT } from './helpers/cli.js';
import { readLab, readTranslation, sourceLabFiles } from '../src/lab/catalog.js';
import { LAB_LANGS } from '../src/lab/catalog.js';

const LABS = join(ROOT, 'labs');

describe('the shipped labs', () => {
  it('lint catches the older Spanish doc\'s "–issolation=hyperv" in a translation', async () => {
    const { mkdtempSync, cpSync, readFileSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'isolab-issolation-'));
    cpSync(LABS, dir, { recursive: true });
    const es = join(dir, 'es', 'hyperv-isolation.md');
    const text = readFileSync(es, 'utf8');
    expect(text).toContain('--isolation=hyperv');
    writeFileSync(es, text.replace('docker run -d --isolation=hyperv', 'docker run -d \u2013issolation=hyperv'));
    const r = await isolab(['lint', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(
      /es\/hyperv-isolation\.md:\d+: code differs from the source \(.*hyperv-isolation\.md:\d+\): source has ".*--isolation=.*", translation has ".*\u2013issolation=.*" \(U\+2013 is not an ASCII character\)/,
    );
  });

  it('pass lint, translations included', async () => {
    const r = await isolab(['lint', LABS]);
    expect(r.stdout).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('exist in every language, with attribution', () => {
    const sources = sourceLabFiles(LABS);
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources) {
      const lab = readLab(file);
      expect(lab.sources.length, `${file} has no sources`).toBeGreaterThan(0);
      expect(
        lab.sources.some((s) => s.license),
        `${file} names no licence`,
      ).toBe(true);
      for (const lang of LAB_LANGS.filter((l) => l !== 'en')) {
        const translated = readdirSync(join(LABS, lang));
        expect(translated, `${lang} lacks ${lab.id}`).toContain(`${lab.id}.md`);
        const t = readTranslation(join(LABS, lang, `${lab.id}.md`));
        expect(t.lang).toBe(lang);
        expect(
          t.sources.some((s) => s.license),
          `${lang}/${lab.id} names no licence`,
        ).toBe(true);
      }
    }
  });

  it('hyperv-isolation points to utility-vm, the closest Linux analog of the utility VM, in its introduction and recap, in every language', () => {
    const source = readLab(join(LABS, 'hyperv-isolation.md'));
    expect(source.intro).toContain('`utility-vm` lab');
    expect(source.recap).toContain('utility-vm lab');
    for (const lang of LAB_LANGS.filter((l) => l !== 'en')) {
      const text = readFileSync(join(LABS, lang, 'hyperv-isolation.md'), 'utf8');
      const intro = text.slice(text.indexOf('\n# '), text.indexOf('\n## '));
      expect(intro, `${lang} introduction`).toContain('`utility-vm`');
      expect(readTranslation(join(LABS, lang, 'hyperv-isolation.md')).recap, `${lang} recap`).toContain('utility-vm');
    }
  });

  it("utility-vm's example output is one machine's, read as written: the worker shows the probe's accelerator, then the tcg fallback, never '-accel tcg' twice", () => {
    for (const lang of ['', ...LAB_LANGS.filter((l) => l !== 'en')]) {
      const text = readFileSync(join(LABS, lang, 'utility-vm.md'), 'utf8');
      expect(text, lang || 'en').not.toContain('-accel tcg -accel tcg');
      expect(text, lang || 'en').toContain('-accel kvm -accel tcg -nodefaults');
      // The VM says the accelerator its worker was started with.
      expect(text, lang || 'en').not.toMatch(/^isolab-vm: ready: .*accelerator tcg$/m);
    }
  });

  it('utility-vm boots the files where the build script puts them', () => {
    const lab = readLab(join(LABS, 'utility-vm.md'));
    const script = readFileSync(join(ROOT, 'scripts', 'build-utility-vm.sh'), 'utf8');
    expect(script).toContain(`DIR="\${ISOLAB_UVM_DIR:-${lab.vars.uvm}}"`);
    const files = lab.steps.flatMap((s) => s.requires.filter((r) => r.kind === 'file').map((r) => r.name));
    expect(new Set(files)).toEqual(new Set(['{{uvm}}/kernel', '{{uvm}}/initramfs.img', '{{uvm}}/accel']));
  });

  it("list with titles in the reader's language", async () => {
    const zh = await isolab(['list', '--lang', 'zh-CN', '--json']);
    const [lab] = (JSON.parse(zh.stdout) as { labs: { id: string; title: string; lang: string }[] }).labs;
    expect(lab!.lang).toBe('zh-CN');
    expect(lab!.title).toMatch(/[\u4e00-\u9fff]/);
    const fr = await isolab(['list'], { env: { LANG: 'fr_CA.UTF-8' } });
    expect(fr.stdout).toMatch(/hyperv-isolation +Isolation/);
  });
});
