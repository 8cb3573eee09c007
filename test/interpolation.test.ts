import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapturedValue } from '../src/check/capture-types.js';
import { runCommand } from '../src/exec/executor.js';
import { interpolateCommand, InterpolationError, quotePosix, quotePowerShell } from '../src/exec/quote.js';
import { tempDir } from './helpers/cli.js';

const value = (name: string, v: string, type: CapturedValue['type'] = 'string'): [string, CapturedValue] => [name, { name, value: v, type, stepId: 's' }];

describe('captured values are data, never code', () => {
  const hostile = ['1; touch PWNED', '$(touch PWNED)', '`touch PWNED`', "'; touch PWNED; '", '"; touch PWNED; "', 'a\\\'b; touch PWNED', '$IFS$(touch${IFS}PWNED)'];

  it.each(hostile)('POSIX sh receives %j as one literal argument and runs nothing', async (payload) => {
    const dir = tempDir();
    const code = interpolateCommand('printf "%s|" {{v}}', 'posix', new Map([value('v', payload)]));
    const r = await runCommand({ code, shell: 'posix', timeoutMs: 5000, runId: 'test', cwd: dir });
    expect(r.stdout).toBe(`${payload}|`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-validates the type before quoting: an integer capture edited to hold code is refused', () => {
    const values = new Map([value('pid', '1; touch /tmp/pwned', 'integer')]);
    expect(() => interpolateCommand('kill {{pid}}', 'posix', values)).toThrow(InterpolationError);
    expect(() => interpolateCommand('kill {{pid}}', 'posix', values)).toThrow(/is not a valid integer; refusing to run it/);
  });

  it('refuses to run a command whose value was never captured', () => {
    expect(() => interpolateCommand('kill {{pid}}', 'posix', new Map())).toThrow(/\{\{pid\}\} has no value/);
  });

  it('quotes for POSIX sh and PowerShell', () => {
    expect(quotePosix("it's")).toBe(`'it'\\''s'`);
    expect(quotePowerShell("it's $(x)")).toBe(`'it''s $(x)'`);
    // PowerShell treats typographic quotes as quotes too.
    expect(quotePowerShell('a\u2019b')).toBe(`'a\u2019\u2019b'`);
    expect(interpolateCommand('Get-Process -Id {{pid}}', 'powershell', new Map([value('pid', '3964', 'integer')]))).toBe("Get-Process -Id '3964'");
  });
});
