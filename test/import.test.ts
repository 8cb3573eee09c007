import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDoc } from '../src/import/index.js';
import { commandFor } from '../src/lab/model.js';
import { parse } from './helpers/lab.js';
import { isolab, ROOT, tempDir } from './helpers/cli.js';
import { commandsOf, examplesOf } from '../src/lab/content.js';

// Docs pages in the shape of the Microsoft Docs seeds, written for the tests (test/fixtures/docs).
const DOCS = join(ROOT, 'test', 'fixtures', 'docs');
const doc = (name: string) => readFileSync(join(DOCS, name), 'utf8');

const WINDOWS_PS = { platform: 'windows', shell: 'powershell' } as const;

describe('isolab import: a lab skeleton from a docs page', () => {
  it('turns the Spanish docs page into a valid Windows lab, one command per step, output split off', () => {
    const lab = parse(importDoc(doc('es-hyperv.md'), { sourceName: 'es-hyperv.md' }));
    expect(lab.platforms).toEqual(['windows']);
    expect(lab.title).toBe('Aislamiento de Hyper-V para contenedores');
    const top = lab.steps.find((s) => commandFor(s, WINDOWS_PS)?.code.startsWith('docker top {{container_id}}'))!;
    expect(examplesOf(top).map((e) => e.text)).toEqual(['5120 ping']);
    const gp = lab.steps.filter((s) => commandFor(s, WINDOWS_PS)?.code === 'get-process -Name ping');
    expect(gp).toHaveLength(2);
    expect(examplesOf(gp[1]!)[0]!.text).toContain('FullyQualifiedErrorId : NoProcessFoundForGivenName');
    // The interactive `docker run -it … cmd` is reading material, never run.
    expect(commandsOf(lab.steps[0]!)[0]).toMatchObject({ norun: true, code: 'docker run -it --isolation=hyperv microsoft/nanoserver cmd' });
    expect(new Set(lab.steps.map((s) => s.id)).size).toBe(lab.steps.length);
  });

  it('strips PowerShell prompts from the older edition', () => {
    const lab = parse(importDoc(doc('es-hyperv-old.md')));
    const codes = lab.steps.flatMap((s) => commandsOf(s).map((c) => c.code));
    expect(codes).toContain('Get-Container | Select ContainerName, RuntimeType');
    expect(codes.some((c) => c.includes('PS C:\\>'))).toBe(false);
  });

  it('handles the Chinese and French pages, and refuses to overwrite a file', async () => {
    expect(parse(importDoc(doc('zh-CN-hyperv.md'))).steps.length).toBeGreaterThan(5);
    expect(parse(importDoc(doc('fr-hyperv.md'))).title).toBe('Isolation Hyper-V des conteneurs');
    const out = join(tempDir(), 'lab.md');
    const first = await isolab(['import', join(DOCS, 'fr-hyperv.md'), '--out', out]);
    expect(first.exitCode).toBe(0);
    expect((await isolab(['lint', out])).exitCode).toBe(0);
    const again = await isolab(['import', join(DOCS, 'fr-hyperv.md'), '--out', out]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});

describe('isolab import: the prose a command belongs to', () => {
  it("the paragraph that introduces the first command is that step's, not the lab's introduction", () => {
    const page = [
      '# Process isolation',
      '',
      'Containers share the host kernel. This page shows it.',
      '',
      'Start a container running ping:',
      '',
      '```powershell',
      'docker run -d --isolation=process mcr.microsoft.com/windows/nanoserver ping -t localhost',
      '```',
      '',
      'Then look at its processes:',
      '',
      '```powershell',
      'docker top 1f8bf89026c8',
      '```',
      '',
    ].join('\n');
    const lab = parse(importDoc(page, { sourceName: 'p.md' }));
    expect(lab.intro.trim()).toBe('Containers share the host kernel. This page shows it.');
    const [first, second] = lab.steps;
    expect(first!.body.filter((p) => p.kind === 'markdown').map((p) => p.text.trim())).toContain('Start a container running ping:');
    expect(second!.body.filter((p) => p.kind === 'markdown').map((p) => p.text.trim())).toContain('Then look at its processes:');
  });
});
