import { describe, expect, it } from 'vitest';
import { notATerminal } from '../../src/cli/usage.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { isolab } from '../helpers/cli.js';

loadCatalogs();

describe('isolab --shell powershell, as README and --help write it', () => {
  it('opens the UI in that shell: the value is not taken for a command', async () => {
    // No terminal here: the UI says so, which it only does once the arguments were understood.
    const r = await isolab(['--shell', 'powershell']);
    expect(r.stderr).not.toContain('unknown command');
    expect(r.stderr).toContain('isolab run <lab> --yes');
    expect(r.exitCode).toBe(2);
  });

  it('stands before a command as --lang and --platform do', async () => {
    const r = await isolab(['--shell', 'pwsh', 'list', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ schemaVersion: 1 });
  });

  it('a word after it that is no command is still named as one, with the closest command', async () => {
    for (const args of [
      ['--shell', 'sh', 'lnit'],
      ['--shell=sh', 'lnit'],
    ]) {
      const r = await isolab(args);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('unknown command "lnit". Did you mean "lint"?');
    }
  });
});

describe("a command's --help shows the options every command takes", () => {
  it('isolab run --help lists --lang, --screen-reader and the others, and its own --platform once', async () => {
    const r = await isolab(['run', '--help']);
    expect(r.exitCode).toBe(0);
    const globals = r.stdout.slice(r.stdout.indexOf('Global Options:'));
    expect(globals.length, r.stdout).toBeLessThan(r.stdout.length);
    for (const option of ['--lang <locale>', '--read-only', '--screen-reader', '--reduced-motion']) expect(globals).toContain(option);
    // run has its own --platform and --shell: the UI's meaning of them is not listed beside it.
    expect(r.stdout.split('--platform').length - 1).toBe(1);
    expect(r.stdout.split('--shell').length - 1).toBe(1);
  });

  it("in the reader's language, for a command of a command too", async () => {
    const r = await isolab(['class', 'join', '--help', '--lang', 'fr']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Options globales\u00a0:');
    expect(r.stdout).toContain('--screen-reader');
  });
});

describe('the TUI started where it cannot draw', () => {
  it.each(SUPPORTED_LOCALES)('%s: names the stream that is not a terminal: `isolab | less` is its output, not its input', (lang) => {
    const t = createTranslator(lang);
    expect(notATerminal(true, true, t)).toBeUndefined();
    const output = notATerminal(true, false, t)!;
    const input = notATerminal(false, true, t)!;
    const both = notATerminal(false, false, t)!;
    expect(output).toContain(t('error.notATerminal.stdout'));
    expect(output).not.toContain(t('error.notATerminal.stdin'));
    expect(input).toContain(t('error.notATerminal.stdin'));
    expect(both).toContain(t('error.notATerminal.both'));
    // Each names its stream as the shell does, whatever the language.
    expect(output).toMatch(/stdout/);
    expect(output).not.toMatch(/stdin/);
    expect(input).not.toMatch(/stdout/);
  });
});

describe('a usage error on a terminal', () => {
  it('wraps between words with its hint hanging under the hint, in the reader language; piped, one line per line', async () => {
    const { execa } = await import('execa');
    const { BIN } = await import('../helpers/cli.js');
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // A pseudo-terminal 60 columns wide, as a learner's (script, util-linux).
    const r = await execa(
      'script',
      ['-qec', `stty cols 60 rows 20; exec ${q(process.execPath)} ${q(BIN)} --lang fr namespaces`, '/dev/null'],
      {
        reject: false,
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 20_000,
      },
    );
    // French typography's no-break spaces read as spaces here.
    const lines = r.stdout
      .replace(/\r/g, '')
      .replace(/\u00a0/g, ' ')
      .split('\n')
      .filter(Boolean);
    expect(lines[0]).toContain('commande inconnue « namespaces »');
    // "commandes : list, run, doctor, lint, cleanup, import, class" no longer breaks inside "class".
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(60);
    expect(lines.join('\n')).toMatch(/\n {2}class \(isolab --help/);
    const piped = await isolab(['--lang', 'fr', 'namespaces']);
    expect(piped.stderr.replace(/\u00a0/g, ' ')).toMatch(/^ {2}commandes : .*class \(isolab --help en dit plus\)$/m);
  });
});
