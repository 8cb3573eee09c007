import { describe, expect, it } from 'vitest';
import { isolab } from '../helpers/cli.js';

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
