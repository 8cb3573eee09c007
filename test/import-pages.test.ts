import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDoc, NothingToRunError } from '../src/import/index.js';
import type { Lab, Platform, Step } from '../src/lab/model.js';
import { evaluateChecks } from '../src/check/evaluate.js';
import type { CapturedValue } from '../src/value/types.js';
import { parse } from './helpers/lab.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';
import { commandsOf, examplesOf, proseOf } from '../src/lab/content.js';

// Pages written for these tests in the shapes instructors bring: Microsoft Docs articles (de-DE,
// pt-BR, zh-CN, fr-FR), a GitHub README (en) and a pasted terminal session (es).
const PAGES = join(ROOT, 'test', 'fixtures', 'import');
const page = (name: string) => readFileSync(join(PAGES, name), 'utf8');
const imported = (name: string) => parse(importDoc(page(name), { sourceName: name }), name);
const RUNNABLE_PAGES = ['de-DE-namespaces.md', 'pt-BR-hyperv.md', 'en-readme.md', 'es-transcript.md', 'zh-CN-powershell.md'];

// The runnable command for a platform, in whatever shell the page used (sh, or PowerShell on Linux).
const code = (step: Step | undefined, p: Platform) => (step ? commandsOf(step).find((c) => c.platform === p && !c.norun)?.code : undefined);
const stepRunning = (lab: Lab, p: Platform, re: RegExp) => lab.steps.find((s) => re.test(code(s, p) ?? ''));
const PROMPT = /^\s*(\$ |# |PS[ >]|\[[^\]]+\]: PS|[A-Z]:\\.*>|>> |\w+@[\w.-]+)/m;

describe('isolab import reads console blocks: prompts go, output is split off', () => {
  it('a `$ ` prompt with a continuation line is the command; the lines after it are its output', () => {
    const lab = imported('de-DE-namespaces.md');
    const step = lab.steps.find((s) => s.title === 'Einen PID-Namespace starten')!;
    expect(code(step, 'linux')).toBe('sudo unshare --pid --fork --mount-proc \\\n    ps -o pid,comm');
    expect(examplesOf(step)[0]!.text).toBe('  PID COMMAND\n    1 ps');
  });

  it('`# `, `user@host:~$`, `[user@host ~]$`, `PS /root>`, `PS>` and `C:\\>` prompts, with `>` and `>>` continuations', () => {
    const es = imported('es-transcript.md');
    expect(es.steps.map((s) => code(s, 'linux'))).toContain("docker inspect --format '{{.HostConfig.Runtime}}' \\\n  ping-runc");
    expect(code(stepRunning(es, 'linux', /^pgrep -x ping$/), 'linux')).toBe('pgrep -x ping');
    const zh = imported('zh-CN-powershell.md');
    expect(zh.platforms).toEqual(['linux']);
    expect(commandsOf(zh.steps[0]!)[0]).toMatchObject({
      shell: 'powershell',
      platform: 'linux',
      code: 'docker run -d --name isolab-ps busybox:stable `\n  ping 127.0.0.1',
    });
    const pt = imported('pt-BR-hyperv.md');
    // `C:\>`: cmd.exe's own `ver` does not exist in PowerShell, where isolab runs Windows commands.
    const ver = pt.steps.find((s) => commandsOf(s).some((c) => c.code === 'ver'))!;
    expect(commandsOf(ver)[0]!.norun).toBe(true);
    expect(examplesOf(ver)[0]!.text).toBe('Microsoft Windows [Version 10.0.20348.2227]');
    expect(code(stepRunning(de(), 'linux', /^grep NSpid/), 'linux')).toBe('grep NSpid /proc/{{pid}}/status');
  });

  it('a here-document typed at `> ` prompts is part of its command; a bare prompt left at the end is dropped', () => {
    const lab = parse(
      importDoc(
        '# T\n\n```console\n$ cat <<EOF > /tmp/x\n> hola\n> EOF\n$ cat /tmp/x\nhola\n$\n```\n\n```powershell\nPS C:\\> Get-Date | Select-Object Year\n\nYear\n----\n2026\n\nPS C:\\>\n```\n',
        { platform: 'linux' },
      ),
    );
    expect(commandsOf(lab.steps[0]!)[0]!.code).toBe('cat <<EOF > /tmp/x\nhola\nEOF\ncat /tmp/x');
    expect(examplesOf(lab.steps[0]!)[0]!.text).toBe('hola');
    expect(commandsOf(lab.steps[1]!)[0]!.code).toBe('Get-Date | Select-Object Year');
    expect(examplesOf(lab.steps[1]!)[0]!.text).toBe('Year\n----\n2026');
  });

  it('a script with blank lines stays one command; only what reads as output is split off', () => {
    const lab = parse(importDoc('# T\n\n## S\n\n```powershell\n$p = Get-Process -Name ping\n\nforeach ($x in $p) {\n  $x.Id\n}\n```\n'));
    expect(commandsOf(lab.steps[0]!)[0]!.code).toBe('$p = Get-Process -Name ping\n\nforeach ($x in $p) {\n  $x.Id\n}');
    expect(examplesOf(lab.steps[0]!)).toEqual([]);
  });

  it('sh and PowerShell typed on the same Linux host make one Linux lab, each step in its shell', () => {
    const lab = parse(
      importDoc(
        '# T\n\n## A\n\n```console\n$ ps -e -o pid,comm\n  PID COMMAND\n    1 init\n```\n\n## B\n\n```powershell\nPS /root> Get-Process -Name init\n\n   Id ProcessName\n   -- -----------\n    1 init\n```\n',
      ),
    );
    expect(lab.platforms).toEqual(['linux']);
    expect(lab.steps.map((s) => commandsOf(s).map((c) => `${c.platform}/${c.shell}`))).toEqual([['linux/posix'], ['linux/powershell']]);
  });

  it('output keeps its blank lines as the page shows them', () => {
    const lab = parse(importDoc('# T\n\n## S\n\n```console\n$ docker info\nClient:\n\n\nServer:\n Containers: 2\n```\n'));
    expect(examplesOf(lab.steps[0]!)[0]!.text).toBe('Client:\n\n\nServer:\n Containers: 2');
  });

  it("a pasted session's colour codes go, the prompt they coloured is still recognised", () => {
    const lab = parse(importDoc('# T\n\n```\n\x1b[01;32malumno@lab\x1b[00m:\x1b[01;34m~\x1b[00m$ docker ps -q\n3f4e5a6b7c8d\n```\n'));
    expect(commandsOf(lab.steps[0]!)[0]!.code).toBe('docker ps -q');
    expect(examplesOf(lab.steps[0]!)[0]!.text).toBe('3f4e5a6b7c8d');
  });

  it('zero-width spaces and a byte-order mark copied from the web leave the command', () => {
    const lab = parse(importDoc('\ufeff# T\n\n```sh\ndocker\u200b ps\u202e -a\n```\n'));
    expect(commandsOf(lab.steps[0]!)[0]!.code).toBe('docker ps -a');
  });

  it("a web page's soft hyphens leave its prose, which lint would otherwise refuse", () => {
    const lab = parse(importDoc('# T\n\nA con\u00adtainer is a pro\u00adcess.\n\n```sh\ndocker ps\n```\n'));
    expect(JSON.stringify(lab)).toContain('A container is a process.');
  });

  it('a blank the page leaves to fill in becomes a capture when it can, and is kept as reading when not', () => {
    const lab = parse(
      importDoc(
        [
          '# T',
          '',
          '## Run',
          '',
          '```sh',
          'docker run -d busybox:stable sleep 600',
          '```',
          '',
          '## Look',
          '',
          '```sh',
          'docker top <container-id>',
          '```',
          '',
          '## Your own',
          '',
          '```sh',
          'docker run -d <your-image>',
          '```',
          '',
          '## A page',
          '',
          '```sh',
          "echo '<h1>hola</h1>' > index.html",
          '```',
          '',
        ].join('\n'),
      ),
    );
    expect(lab.steps[0]!.checks).toContainEqual(
      expect.objectContaining({ kind: 'capture', capture: expect.objectContaining({ name: 'container_id', type: 'hexid' }) }),
    );
    expect(commandsOf(lab.steps[1]!)[0]).toMatchObject({ norun: false, code: 'docker top {{container_id}}' });
    expect(commandsOf(lab.steps[2]!)[0]).toMatchObject({ norun: true, code: 'docker run -d <your-image>' });
    expect(commandsOf(lab.steps[3]!)[0]!.norun).toBe(false);
  });

  it('text from the page never ends the annotation it is quoted in', () => {
    const lab = parse(
      importDoc('# T\n\n## A\n\n```console\n$ pgrep -l sleep\n48213 sleep-->x\n```\n\n## B\n\n```console\n$ kill 48213\n```\n'),
    );
    expect(code(lab.steps[1], 'linux')).toBe('kill {{pid}}');
    const ev = evaluateChecks(lab.steps[0]!.checks, { exitCode: 0, stdout: '48213 sleep-->x\n', stderr: '' }, new Map(), 'a');
    expect(ev.captured.map((c) => c.value)).toEqual(['48213']);
  });

  it("{{…}} the page writes itself (another tool's template) is kept as reading, not taken for a capture", () => {
    const lab = parse(importDoc('# T\n\n## Run\n\n```sh\ndocker run --name {{ app }} busybox:stable true\n```\n'));
    expect(commandsOf(lab.steps[0]!)[0]).toMatchObject({ norun: true, code: 'docker run --name {{ app }} busybox:stable true' });
  });

  it('on every page, no command keeps a prompt or a line of the output the page shows', () => {
    for (const name of RUNNABLE_PAGES) {
      const lab = imported(name);
      const outputLines = new Set(
        lab.steps.flatMap((s) =>
          examplesOf(s).flatMap((e) =>
            e.text
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean),
          ),
        ),
      );
      for (const c of lab.steps.flatMap((s) => commandsOf(s))) {
        expect(c.code, `${name}: ${c.code}`).not.toMatch(PROMPT);
        for (const line of c.code.split('\n')) expect(outputLines.has(line.trim()), `${name}: "${line}" is output`).toBe(false);
      }
    }
  });
});

const de = () => imported('de-DE-namespaces.md');

describe('isolab import keeps a step together', () => {
  it('prose after a command stays in its step, and no two steps share a title', () => {
    const lab = de();
    const starts = lab.steps.filter((s) => s.title === 'Einen PID-Namespace starten');
    expect(starts).toHaveLength(1);
    expect(proseOf(starts[0]!)).toContain('Im neuen Namespace sieht `ps` nur sich selbst');
    expect(proseOf(starts[0]!)).toContain('Der Host sieht denselben Prozess');
    for (const name of RUNNABLE_PAGES) {
      const titles = imported(name).steps.map((s) => s.title);
      expect(new Set(titles).size, name).toBe(titles.length);
    }
  });

  it('an output block under a ### heading is example output of the command before it, never a step', () => {
    const lab = de();
    const start = lab.steps.find((s) => s.title === 'Einen PID-Namespace starten')!;
    expect(examplesOf(start).map((e) => e.text)).toEqual(['  PID COMMAND\n    1 ps', '  PID COMMAND\n    1 ps']);
    expect(proseOf(start)).toContain('Ausgabe auf einem anderen Rechner');
    expect(lab.steps.some((s) => /Ausgabe/.test(s.title))).toBe(false);
    const en = imported('en-readme.md');
    const quick = en.steps.find((s) => s.title === 'Quick start')!;
    expect(code(quick, 'linux')).toBe(
      "docker run -d --runtime=runsc busybox:stable ping 127.0.0.1\ndocker ps --format 'table {{.ID}}\\t{{.Image}}\\t{{.Names}}'",
    );
    expect(examplesOf(quick)[0]!.text).toContain('CONTAINER ID');
    expect(en.steps.some((s) => commandsOf(s).some((c) => c.code.includes('CONTAINER ID')))).toBe(false);
  });

  it('an unlabelled block right after a command is its output, even when it reads like commands', () => {
    const lab = parse(
      importDoc(
        '# T\n\n## S\n\n```sh\ncat run.sh\n```\n\n```\ndocker run -d busybox:stable sleep 600\n```\n\nThen:\n\n```\ndocker ps\n```\n',
      ),
    );
    expect(lab.steps.map((s) => commandsOf(s).map((c) => c.code))).toEqual([['cat run.sh'], ['docker ps']]);
    expect(examplesOf(lab.steps[0]!)[0]!.text).toBe('docker run -d busybox:stable sleep 600');
  });

  it('a README that uses # headings for its sections gets a step per section', () => {
    const lab = parse(
      importDoc('# tool\n\nIntro.\n\n# Install\n\n```sh\napt-get install -y runsc\n```\n\n# Use\n\n```sh\nrunsc --version\n```\n'),
    );
    expect(lab.title).toBe('tool');
    expect(lab.steps.map((s) => s.title)).toEqual(['Install', 'Use']);
  });

  it('a page with no command is refused, saying where and why, with exit 2', async () => {
    expect(() => importDoc(page('fr-concepts.md'))).toThrow(NothingToRunError);
    const r = await isolab(['import', join(PAGES, 'fr-concepts.md')]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/fr-concepts\.md:\d+: the page has no command to run/);
    expect(r.stderr).toMatch(/hint: .*```sh.*PS C:\\>/);
    const es = await isolab(['import', join(PAGES, 'fr-concepts.md'), '--lang', 'es']);
    expect(es.stderr).toMatch(/fr-concepts\.md:\d+: la página no tiene ningún comando que ejecutar/);
  });
});

describe("isolab import fills in the lab's front matter", () => {
  it('takes lang from ms.contentlocale, lang or locale, in the form isolab uses', () => {
    expect(imported('de-DE-namespaces.md').lang).toBe('de-DE');
    expect(imported('pt-BR-hyperv.md').lang).toBe('pt-BR');
    expect(imported('zh-CN-powershell.md').lang).toBe('zh-CN'); // written zh-cn on the page
    expect(imported('es-transcript.md').lang).toBe('es'); // locale: es_ES; isolab's Spanish is "es"
    expect(imported('en-readme.md').lang).toBe('en');
  });
});

describe('isolab import turns values the page printed into captures', () => {
  it('a container id printed by `docker run -d` becomes {{container_id}}, captured (TODO) where it was printed', () => {
    const lab = imported('pt-BR-hyperv.md');
    expect(code(stepRunning(lab, 'windows', /^docker top /), 'windows')).toBe('docker top {{container_id}}');
    const run = stepRunning(lab, 'windows', /^docker run -d --isolation=process/)!;
    expect(run.checks).toContainEqual(
      expect.objectContaining({ kind: 'capture', capture: expect.objectContaining({ name: 'container_id', type: 'hexid' }) }),
    );
    expect(importDoc(page('pt-BR-hyperv.md'))).toMatch(/# TODO[^\n]*\n\s*- capture: \{ name: container_id/);
  });

  it('PIDs and container names in commands become {{pid}} and {{container_name}}, from the table or line that showed them', () => {
    const pt = imported('pt-BR-hyperv.md');
    expect(code(stepRunning(pt, 'windows', /^Get-Process -Id/), 'windows')).toBe('Get-Process -Id {{pid}}');
    const en = imported('en-readme.md');
    expect(code(stepRunning(en, 'linux', /^docker exec .* ps$/), 'linux')).toBe('docker exec {{container_name}} ps');
    expect(code(stepRunning(en, 'linux', /^docker rm/), 'linux')).toBe('docker rm -f {{container_id}}');
    expect(code(stepRunning(imported('es-transcript.md'), 'linux', /^ps -p/), 'linux')).toBe('ps -p {{pid}} -o pid,comm');
    expect(code(stepRunning(imported('zh-CN-powershell.md'), 'linux', /^Stop-Process/), 'linux')).toBe('Stop-Process -Id {{pid}}');
    expect(code(stepRunning(de(), 'linux', /^kill/), 'linux')).toBe('kill {{pid}}');
    // A name the page chose with --name is the author's, not a value to capture.
    expect(code(stepRunning(imported('es-transcript.md'), 'linux', /^docker top/), 'linux')).toBe('docker top ping-runc -o pid,comm');
  });

  it('a command followed by a table gets row checks from it, a PowerShell error its FullyQualifiedErrorId, all TODO-marked', () => {
    const lab = imported('pt-BR-hyperv.md');
    const host = stepRunning(lab, 'windows', /^Get-Process -Id/)!;
    const row = host.checks.find((c) => c.kind === 'row')!;
    expect(row).toMatchObject({ kind: 'row', expect: 'present' });
    expect(row.kind === 'row' && Object.keys(row.table.where)).toEqual(expect.arrayContaining(['Id', 'ProcessName']));
    const missing = stepRunning(lab, 'windows', /^Get-Process -Name ping$/)!;
    expect(missing.checks).toContainEqual(
      expect.objectContaining({
        kind: 'text',
        stream: 'stderr',
        matcher: expect.objectContaining({ kind: 'matches', pattern: 'NoProcessFoundForGivenName' }),
      }),
    );
    const text = importDoc(page('pt-BR-hyperv.md'));
    expect(text).toMatch(/# TODO[^\n]*\n\s*- row: /);
    expect(text).toMatch(/# TODO[^\n]*\n\s*- stderr: \{ matches: 'NoProcessFoundForGivenName' \}/);
  });

  it("a PID one step printed and a later table lists is captured and matched: the docs' own experiment", () => {
    const lab = parse(
      importDoc(
        [
          '---',
          'title: Conteneurs',
          'ms.contentlocale: fr-FR',
          '---',
          '# Conteneurs',
          '',
          '## Isolation',
          '',
          '```none',
          'docker top 3f4e5a6b7c8d',
          '',
          '4120 ping',
          '```',
          '',
          'Sur l’hôte, le même processus :',
          '',
          '```none',
          'get-process -Name ping',
          '',
          'Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName',
          '-------  ------    -----      -----     ------     --  -- -----------',
          '     67       5      820       3836       0.03   4120   3 PING',
          '```',
          '',
        ].join('\n'),
      ),
    );
    const [top, host] = lab.steps;
    expect(top!.checks).toContainEqual(
      expect.objectContaining({
        kind: 'capture',
        capture: expect.objectContaining({ name: 'pid', regex: [expect.objectContaining({ pattern: '^\\s*(\\d+)\\s+ping' })] }),
      }),
    );
    expect(host!.checks).toContainEqual(
      expect.objectContaining({
        kind: 'row',
        table: expect.objectContaining({
          where: {
            Id: { kind: 'equals', value: '{{pid}}', ignoreCase: false },
            ProcessName: { kind: 'equals', value: 'PING', ignoreCase: false },
          },
        }),
      }),
    );
  });

  it('every proposed check holds on the output the page itself shows, captures carried from step to step', () => {
    for (const name of RUNNABLE_PAGES) {
      const lab = imported(name);
      const values = new Map<string, CapturedValue>();
      for (const step of lab.steps) {
        if (!step.checks.length) continue;
        const shown = examplesOf(step)
          .map((e) => e.text)
          .join('\n');
        const error = /FullyQualifiedErrorId/.test(shown);
        const ev = evaluateChecks(
          step.checks,
          { exitCode: error ? 1 : 0, stdout: error ? '' : `${examplesOf(step)[0]!.text}\n`, stderr: error ? shown : '' },
          values,
          step.id,
        );
        expect(ev.verdicts.filter((v) => v.status !== 'passed').map((v) => `${name} ${step.id} ${v.checkId}`)).toEqual([]);
        for (const c of ev.captured) values.set(c.name, c);
      }
      expect(values.size > 0 || name === 'zh-CN-powershell.md', name).toBe(true);
    }
  });
});

describe('isolab import keeps what must not run as reading', () => {
  it('interactive sessions, commands inside a remote session and the retired Containers cmdlets are {norun}', () => {
    const pt = imported('pt-BR-hyperv.md');
    const norun = pt.steps.flatMap((s) =>
      commandsOf(s)
        .filter((c) => c.norun)
        .map((c) => c.code),
    );
    expect(norun).toContain('docker exec -it b41c7e90d2a3 powershell');
    expect(norun).toContain('Get-Process -Name ping | Select-Object Id, ProcessName');
    expect(norun.some((c) => c.startsWith('New-Container -Name DEMO'))).toBe(true);
    const en = imported('en-readme.md');
    expect(en.steps.flatMap((s) => commandsOf(s)).find((c) => c.code === 'docker exec -it quirky_lovelace sh')!.norun).toBe(true);
  });

  it("each page's skeleton is written by the CLI and lints clean", async () => {
    const dir = tempDir();
    for (const name of ['pt-BR-hyperv.md', 'en-readme.md']) {
      const out = join(dir, name);
      expect((await isolab(['import', join(PAGES, name), '--out', out])).exitCode).toBe(0);
      const lint = await isolab(['lint', out]);
      expect(lint.stdout).toBe('');
      expect(lint.exitCode).toBe(0);
    }
    const again = await isolab(['import', join(PAGES, 'en-readme.md'), '--out', join(dir, 'en-readme.md'), '--lang', 'zh-CN']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('en-readme.md 已存在');
  });
});
