import { describe, expect, it } from 'vitest';
import { checkContract, type ValueNames } from '../../src/value/contract.js';
import { actedOn, envReads } from '../../src/value/run-reads.js';
import type { CaptureType } from '../../src/value/types.js';
import { labText, problemsOf } from '../helpers/lab.js';

/** pid, id and banner are captured; run and image are the built-in and a var. */
const TYPES: Record<string, CaptureType> = { pid: 'integer', id: 'hexid', c: 'name', banner: 'string', run: 'name', image: 'image' };
const names: ValueNames = { typeOf: (n) => TYPES[n], captured: (n) => n !== 'run' && n !== 'image' };
const sh = (code: string) => checkContract(code, 'posix', names);
const ps = (code: string) => checkContract(code, 'powershell', names);
const reasons = (r: ReturnType<typeof sh>) => r.problems.map((p) => (p.reason === 'construct' ? `construct:${p.construct}` : p.reason));

describe('a command that uses a captured value fits the contract', () => {
  it.each([
    "grep -E '^(Name|NSpid):' /proc/{{pid}}/status",
    'kill -KILL {{pid}}',
    'kill {{pid}} 2>/dev/null || true',
    'ps -e -o pid,ppid,comm,cgroup | grep -F -e COMMAND -e {{id}}',
    "[ /proc/self/ns/pid -ef /proc/{{pid}}/ns/pid ] && echo 'pid: shared' || echo 'pid: its own'",
    "ls /proc/{{pid}}/root/proc | grep -x -E '[0-9]+'\ncat /proc/{{pid}}/root/proc/1/comm",
    "docker inspect -f '{{.State.Pid}}' {{c}}",
    'docker exec isolab-x-{{run}} ps -o pid,comm\nps -e -o pid,comm,cgroup | grep -F {{id}}',
    'docker ps -a -q --filter id={{id}}',
    'printf \'%s\\n\' "$ISOLAB_VALUE_banner"',
    'grep -F -c -- "$ISOLAB_VALUE_banner" /etc/hostname \\\n  || true',
    '# a comment\nps -p {{pid}} -o pid,comm',
  ])('sh: %s', (code) => {
    expect(sh(code).problems).toEqual([]);
  });

  it.each([
    'Stop-Process -Id {{pid}} -ErrorAction Ignore',
    "Get-Content -LiteralPath /proc/{{pid}}/status | Select-String -Pattern '^(Name|NSpid):'",
    'ps -e -o pid,ppid,comm,cgroup | Select-String -SimpleMatch -Pattern COMMAND, {{id}} | Select-Object -ExpandProperty Line',
    'Get-Process -Id {{pid}} | Format-Table Id, ProcessName',
    "test /proc/self/ns/pid -ef /proc/{{pid}}/ns/pid && Write-Output 'shared' || Write-Output 'own'",
    'Select-String -SimpleMatch -Pattern $env:ISOLAB_VALUE_banner -LiteralPath /etc/hostname',
    'Get-Process -Name {{c}} 2>&1 | Out-Null',
  ])('PowerShell: %s', (code) => {
    expect(ps(code).problems).toEqual([]);
  });
});

describe('everything outside it is refused, with the reason an author can act on', () => {
  it.each<[string, string[]]>([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
    ['eval "${ISOLAB_VALUE_banner:-}"', ['construct:reference']],
    ['eval "$(printenv ISOLAB_VALUE_banner)"', ['construct:expansion']],
    ['printf \'%s\\n\' "$ISOLAB_VALUE_banner" | xargs env', ['unknownCommand']],
    ['\\{{c}} --now', ['construct:escape']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
    ['${{c}}', ['construct:expansion']],
    ['printenv ISOLAB_VALUE_banner', ['construct:reference']],
    ["echo 'ISOLAB_VALUE_banner'", ['construct:reference']],
    ['# {{pid}}\ntrue', ['construct:comment']],
    ['PATH={{c}} ls', ['commandName']],
    ['cd /{{c}} && ./x', ['unknownCommand', 'unknownCommand']],
    ['kill -{{pid}}', ['option']],
    ['grep {{c}} /etc/hostname', ['regex']],
    ['grep -E -F -e {{c}} /etc/hostname', ['regex']],
    ['docker inspect -f {{c}} x', ['literalOption']],
    ['docker exec {{c}} sh -c {{pid}}', ['literalOperand']],
    ['kill {{c}}', ['type']],
    ['docker rm x-{{id}}', ['whole']],
    ['docker ps --filter name={{c}}', ['filter']],
    ['grep -F "$ISOLAB_VALUE_banner" /etc/hostname', ['leading']],
    ['kill {{pid}} > /tmp/out', ['construct:redirect']],
    ['kill {{pid}} &', ['construct:background']],
    ['kill {{pid}} &&', ['construct:empty']],
    ['cat /proc/{{pid}}/*', ['construct:glob']],
    ['cat <<EOF\n{{pid}}\nEOF', ['construct:heredoc']],
    ['for p in {{pid}}; do kill $p; done', ['construct:expansion']],
    ['echo $ISOLAB_VALUE_banner', ['construct:reference']],
    ['[ {{pid}} -eq 1', ['testEnd']],
  ])('sh: %s', (code, expected) => {
    expect(reasons(sh(code))).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['timeout 5 {{c}}', ['unknownCommand']],
    ["Invoke-Expression ([Environment]::GetEnvironmentVariable('ISOLAB_VALUE_banner'))", ['construct:compound']],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and PowerShell syntax, not a template
    ['${function:show} = $env:ISOLAB_VALUE_banner; show', ['construct:expansion']],
    ['Write-Output "$env:ISOLAB_VALUE_banner"', ['construct:reference']],
    ['Get-Item F | % "{{c}}"', ['construct:character']],
    ['Get-Process -Id {{pid}} | Stop-Process', ['actsOnInput']],
    ["Write-Output 'a'{{c}}", ['construct:quote']],
    ['$x = {{c}}', ['construct:expansion']],
    ['& {{c}}', ['construct:background']],
    ['Write-Output $env:isolab_value_banner', ['construct:reference']],
    ['Select-String -Pattern {{c}} -LiteralPath F', ['regex']],
    ['Select-Object -ExpandProperty {{c}}', ['literalOption']],
    ['Get-Content /proc/{{pid}}/status > $out', ['construct:redirect']],
  ])('PowerShell: %s', (code, expected) => {
    expect(reasons(ps(code))).toEqual(expected);
  });
});

describe('kill signals only the process the run captured (a learner walk found -1 and 0 accepted)', () => {
  it.each([
    ['kill -9 -1 {{pid}}', 'optionAfterTarget'],
    ['kill -KILL {{pid}} -1 2>/dev/null || true', 'optionAfterTarget'],
    ['kill -s KILL -9 {{pid}}', 'optionAfterTarget'],
    ['kill {{pid}} 0', 'literalTarget'],
    ['kill {{pid}} 1', 'literalTarget'],
    ['Stop-Process -Id {{pid}}, 1', 'literalTarget'],
  ])('%s is refused: %s', (code, reason) => {
    const r = code.startsWith('Stop-') ? ps(code) : sh(code);
    expect(reasons(r)).toContain(reason);
  });
  it('one signal before the captured PID still fits', () => {
    expect(sh('kill -KILL {{pid}} 2>/dev/null || true').problems).toEqual([]);
    expect(sh('kill -s TERM {{pid}}').problems).toEqual([]);
  });
});

describe('what the contract tells the session', () => {
  it('a command gets the value variables it reads where a command reads data, and no others', () => {
    expect(envReads('grep -F -e "$ISOLAB_VALUE_banner" f\nkill "$ISOLAB_VALUE_pid"', 'posix').sort()).toEqual(['banner', 'pid']);
    expect(envReads('eval "$ISOLAB_VALUE_banner"', 'posix')).toEqual([]);
    expect(envReads('printenv', 'posix')).toEqual([]);
  });

  it('the values a command acts on are known: their identity is checked before it runs', () => {
    expect(actedOn('kill -KILL {{pid}}; docker rm -f {{c}}; docker inspect {{id}}', 'posix', names)).toEqual([
      { name: 'pid', kind: 'pid', command: 'kill' },
      { name: 'c', kind: 'container', command: 'docker rm' },
    ]);
    expect(actedOn('Stop-Process -Id {{pid}}', 'powershell', names)).toEqual([{ name: 'pid', kind: 'pid', command: 'Stop-Process' }]);
  });

  it('lab vars and {{run}} alone do not put a command under the contract', () => {
    const text = labText(
      '## S\n<!-- isolab step: s -->\n```sh\ndocker ps -aq --filter label=isolab.run={{run}} | xargs -r docker rm -f\n```\n',
    );
    expect(() => problemsOf(text)).toThrow(/expected the lab to be rejected/);
  });

  it('a lint refusal reads as file:line, what is wrong, and what to write instead', () => {
    const text = labText(
      "## Cap\n<!-- isolab\nstep: cap\nchecks:\n  - capture: { name: id, type: hexid, regex: '^(\\w+)$' }\n-->\n```sh\necho abcd\n```\n\n## Use\n<!-- isolab step: use -->\n```sh\nps -e -o pid,comm,cgroup | awk -v id={{id}} 'index($3, id)'\n```\n",
    );
    const [p] = problemsOf(text);
    expect(`${p!.line}: ${p!.message}\n  hint: ${p!.hint}`).toBe(
      '19: awk is not a command whose arguments isolab knows, and this command uses a captured value\n' +
        '  hint: a command that uses a captured value runs only these: docker top, docker inspect, docker logs, docker ps, docker rm, docker exec, ps, kill, grep, cat, ls, readlink, head, test, [, printf, echo, true, false (see docs/lab-format.md)',
    );
    expect(p!.hint).not.toMatch(/step of its own|another step|a file/);
  });
});
