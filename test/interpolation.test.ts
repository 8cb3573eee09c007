import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CapturedValue } from '../src/check/capture-types.js';
import { runCommand } from '../src/exec/executor.js';
import { interpolateCommand, InterpolationError, quotePosix, quotePowerShell } from '../src/exec/quote.js';
import { tempDir } from './helpers/cli.js';

const value = (name: string, v: string, type: CapturedValue['type'] = 'string'): [string, CapturedValue] => [name, { name, value: v, type, stepId: 's' }];

describe('captured values are data, never code', () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: ${IFS} is shell text a hostile value carries, not a template
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

describe('a value inside quotes is quoted for the quotes it stands in', () => {
  const hostile = ['$(touch PWNED)', '`touch PWNED`', 'x; touch PWNED; echo', "x'; touch PWNED; echo '", 'x"; touch PWNED; echo "', 'back\\slash $HOME'];

  it.each(hostile)('inside double quotes %j is printed, not run', async (payload) => {
    const dir = tempDir();
    const code = interpolateCommand('printf "%s|" "said: {{v}}"', 'posix', new Map([value('v', payload)]));
    const r = await runCommand({ code, shell: 'posix', timeoutMs: 5000, runId: 'test', cwd: dir });
    expect(r.stdout).toBe(`said: ${payload}|`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it.each(hostile)('inside single quotes %j stays data, printed exactly', async (payload) => {
    const dir = tempDir();
    const code = interpolateCommand(`printf '%s|' 'said: {{v}}'`, 'posix', new Map([value('v', payload)]));
    const r = await runCommand({ code, shell: 'posix', timeoutMs: 5000, runId: 'test', cwd: dir });
    expect(r.stdout).toBe(`said: ${payload}|`);
    expect(existsSync(join(dir, 'PWNED'))).toBe(false);
  });

  it('a whole argument inside $( ) is quoted as an argument', async () => {
    const code = interpolateCommand('echo "id: $(echo {{v}})"', 'posix', new Map([value('v', 'a b;c')]));
    expect(code).toBe(`echo "id: $(echo 'a b;c')"`);
    expect((await runCommand({ code, shell: 'posix', timeoutMs: 5000, runId: 'test' })).stdout).toBe('id: a b;c\n');
  });

  it('refuses a placeholder inside backticks or a here-document', () => {
    expect(() => interpolateCommand('echo `echo {{v}}`', 'posix', new Map([value('v', 'x')]))).toThrow(/backticks or a here-document/);
    expect(() => interpolateCommand('cat <<EOF\n{{v}}\nEOF', 'posix', new Map([value('v', 'x')]))).toThrow(/backticks or a here-document/);
    expect(() => interpolateCommand("@'\n{{v}}\n'@", 'powershell', new Map([value('v', 'x')]))).toThrow(/backticks or a here-document/);
  });

  it('PowerShell: single, double and top-level contexts', () => {
    const v = new Map([value('v', "a'b\"c$d`e")]);
    expect(interpolateCommand('Write-Output {{v}}', 'powershell', v)).toBe(`Write-Output 'a''b"c$d\`e'`);
    expect(interpolateCommand("Write-Output 'x {{v}}'", 'powershell', v)).toBe(`Write-Output 'x a''b"c$d\`e'`);
    expect(interpolateCommand('Write-Output "x {{v}}"', 'powershell', v)).toBe('Write-Output "x a\'b`"c`$d``e"');
  });
});
