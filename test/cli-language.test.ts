import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogs } from '../src/i18n/catalogs/index.js';
import { listLabs } from '../src/ui/labs.js';
import { knownCommands } from '../src/value/commands.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';

const LANGS = ['es', 'zh-CN', 'fr'] as const;

describe('a mistyped command or lab id gets "did you mean", never a made-up file', () => {
  it('isolab lnit: an unknown command, the closest one, and the commands there are', async () => {
    const r = await isolab(['lnit']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: unknown command "lnit". Did you mean "lint"?\n  commands: list, run, doctor, lint, cleanup, import, class (isolab --help says more)',
    );
  });

  it('isolab run hyperv-isolaton: no lab with that id, the closest id, the labs; no file path', async () => {
    const r = await isolab(['run', 'hyperv-isolaton', '--yes']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      'error: no lab with id "hyperv-isolaton". Did you mean "hyperv-isolation"?\n  labs: container-host, hyperv-internals, hyperv-isolation, namespaces, utility-vm (isolab list shows them); or give the path to a lab file',
    );
    expect(r.stderr).not.toContain('.md');
  });

  it("says both in the reader's language", async () => {
    const cmd = await isolab(['--lang', 'fr', 'lnit']);
    expect(cmd.stderr).toContain('commande inconnue «\u00a0lnit\u00a0». Vouliez-vous dire «\u00a0lint\u00a0»\u00a0?');
    const lab = await isolab(['run', 'hyperv-isolaton', '--yes', '--lang', 'zh-CN']);
    expect(lab.stderr).toContain('没有 ID 为“hyperv-isolaton”的实验。你是否想输入“hyperv-isolation”？');
  });
});

describe("--help speaks the reader's language", () => {
  const expected = {
    es: ['Uso:', 'Opciones:', 'Comandos:', 'ejecuta un laboratorio'],
    'zh-CN': ['用法：', '选项：', '命令：', '运行实验'],
    fr: ['Utilisation\u00a0:', 'Options\u00a0:', 'Commandes\u00a0:', 'exécute un labo'],
  };
  it.each(LANGS)('isolab --lang %s --help, and per command', async (lang) => {
    const top = await isolab(['--lang', lang, '--help']);
    expect(top.exitCode).toBe(0);
    for (const words of expected[lang]) expect(top.stdout).toContain(words);
    expect(top.stdout).not.toMatch(/Usage:|Options:|Commands:|run a lab|display help|choices:/);
    const run = await isolab(['run', '--help', '--lang', lang]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(/Usage:|Arguments:|run every step without asking|write a report/);
  });

  it.each(LANGS)(
    '%s: what stands for a value is in the reader’s language too (on main: [options] [command], <lab>, <file>)',
    async (lang) => {
      const help = [
        ...(await Promise.all(
          [['--help'], ['run', '--help'], ['doctor', '--help'], ['lint', '--help'], ['import', '--help']].map((a) =>
            isolab([...a, '--lang', lang]),
          ),
        )),
      ]
        .map((r) => r.stdout)
        .join('\n');
      // (French writes "options" as English does.)
      expect(help).not.toMatch(/\[command\]|<lab>|\[lab\]|<file>|<doc>|<locale>|<platform>|\[paths\.\.\.\]/);
      if (lang !== 'fr') expect(help).not.toContain('[options]');
      // A full-width colon takes no space after it, and a list of choices stands in the reader's parentheses.
      if (lang === 'zh-CN') {
        expect(help).toContain('用法：isolab [选项] [命令]');
        expect(help).not.toMatch(/： |） \(/);
      }
    },
  );

  it('Chinese help fits an 80-column terminal (on main its lines took 92 to 96 columns)', async () => {
    const stringWidth = (await import('string-width')).default;
    for (const args of [['--help'], ['run', '--help'], ['doctor', '--help'], ['import', '--help']]) {
      const r = await isolab([...args, '--lang', 'zh-CN'], { env: { COLUMNS: '80' } });
      const wide = r.stdout.split('\n').filter((l) => stringWidth(l) > 80);
      expect(wide, args.join(' ')).toEqual([]);
    }
  });

  it('follows LANG when no --lang is given', async () => {
    const r = await isolab(['--help'], { env: { LANG: 'es_ES.UTF-8', LC_ALL: '', LC_MESSAGES: '', ISOLAB_LANG: '' } });
    expect(r.stdout).toContain('Opciones:');
    expect(r.stdout).toContain('enumera los laboratorios');
  });
});

describe("lint problems and load errors speak the reader's language", () => {
  it('a lint problem: file:line kept, message and hint translated, summary translated', async () => {
    const es = await isolab(['lint', 'test/fixtures/broken-lab.md', '--lang', 'es']);
    expect(es.exitCode).toBe(1);
    expect(es.stdout).toBe(
      'test/fixtures/broken-lab.md:12: tipo de comprobación desconocido «stdot»\n  sugerencia: ¿querías decir «stdout»? tipos conocidos: exit, stdout, stderr, capture, row, noRow',
    );
    expect(es.stderr).toContain('1 archivo revisado, 1 problema');
    const zh = await isolab(['lint', 'test/fixtures/broken-lab.md', '--lang', 'zh-CN']);
    expect(zh.stdout).toContain('test/fixtures/broken-lab.md:12: 未知的检查类型“stdot”');
    const fr = await isolab(['lint', 'test/fixtures/broken-lab.md', '--lang', 'fr']);
    expect(fr.stdout).toContain('type de vérification inconnu «\u00a0stdot\u00a0»');
    expect(fr.stdout).toContain('conseil\u00a0: vouliez-vous dire «\u00a0stdout\u00a0»');
  });

  it('edition and value-contract problems: a step without a command for one edition, a value given to a command isolab does not know', async () => {
    const file = 'test/fixtures/unsafe-value-lab.md';
    const es = await isolab(['lint', file, '--lang', 'es']);
    expect(es.exitCode).toBe(1);
    expect(es.stdout).toBe(
      [
        `${file}:8: el paso «start» no tiene comando para linux/powershell`,
        '  sugerencia: agrega un bloque ```powershell {platform=linux}, o limita el paso a linux con «platform:» o «shell:»',
        `${file}:20: el paso «logs» no tiene comando para linux/powershell`,
        '  sugerencia: agrega un bloque ```powershell {platform=linux}, o limita el paso a linux con «platform:» o «shell:»',
        `${file}:27: eval no es un comando cuyos argumentos conozca isolab, y este comando usa un valor capturado`,
        `  sugerencia: un comando que usa un valor capturado solo ejecuta estos: ${knownCommands('posix').join(', ')} (consulta docs/lab-format.md)`,
      ].join('\n'),
    );
    const fr = await isolab(['lint', file], { env: { LANG: 'fr_FR.UTF-8', LC_ALL: '', LC_MESSAGES: '', ISOLAB_LANG: '' } });
    expect(fr.stdout).toContain(`${file}:20: l’étape «\u00a0logs\u00a0» n’a pas de commande linux/powershell`);
    expect(fr.stdout).toContain(
      `${file}:27: eval n’est pas une commande dont isolab connaît les arguments, et cette commande utilise une valeur capturée`,
    );
    const zh = await isolab(['lint', file, '--lang', 'zh-CN']);
    expect(zh.stdout).toContain(`${file}:27: eval 不是 isolab 了解其参数含义的命令，而此命令使用了捕获的值`);
  });

  it("a lab that cannot be loaded says so in the reader's language", async () => {
    const missing = await isolab(['run', 'nowhere/lab.md', '--yes', '--lang', 'fr']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nowhere/lab.md:1: impossible de lire le labo\u00a0: fichier introuvable');
    const broken = await isolab(['run', 'test/fixtures/broken-lab.md', '--yes'], {
      env: { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', ISOLAB_LANG: '' },
    });
    expect(broken.stderr).toContain('test/fixtures/broken-lab.md:12: 未知的检查类型“stdot”\n  提示：');
  });

  it("commander's own usage errors are worded too", async () => {
    const r = await isolab(['run', '--lang', 'es']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('falta el argumento obligatorio «laboratorio»');
    expect(r.stderr).not.toContain('missing required argument');
  });
});

describe("the UI's lab list", () => {
  it("words a broken lab's problem in the learner's language", () => {
    loadCatalogs();
    const dir = tempDir();
    copyFileSync(join(ROOT, 'test/fixtures/broken-lab.md'), join(dir, 'broken-lab.md'));
    const [entry] = listLabs(dir, 'zh-CN', 'linux');
    expect(entry!.problem).toMatch(/broken-lab\.md:12: 未知的检查类型“stdot”$/);
  });
});
