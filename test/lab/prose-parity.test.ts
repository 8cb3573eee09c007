import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/lab/errors.js';
import { lintTranslation } from '../../src/lab/translation-lint.js';
import { tokensOf } from '../../src/lab/prose-parity.js';
import { labText, parse, parseTranslated } from '../helpers/lab.js';

/** A one-step source lab and its translation, stamped as current (the stamp vouches for the text). */
function pair(intro: string, before: string, trIntro: string, trBefore: string) {
  const body = (i: string, b: string, step: string) =>
    `\n${i}\n\n## S\n\n<!-- isolab\nstep: s\n${step}\n-->\n\n${b}\n\n\`\`\`powershell\nGet-Process -Name ping\n\`\`\`\n`;
  const source = parse(labText(body(intro, before, 'checks:\n  - exit: 0'), 'id: l\ntitle: T\nplatforms: [windows]'), 'labs/l.md');
  const text = labText(
    body(trIntro, trBefore, `from: '${source.steps[0]!.proseHash}'`),
    `id: l\nlang: fr\ntranslationOf: l\nfrom: '${source.proseHash}'\ntitle: T`,
  );
  const sourceText = labText(body(intro, before, 'checks:\n  - exit: 0'), 'id: l\ntitle: T\nplatforms: [windows]');
  return { source, translation: parseTranslated(text, 'labs/fr/l.md'), text, sourceText };
}

describe('a translated part carries the code spans, values and numbers of its source part', () => {
  it('catches a stamp moved over an old sentence (hyperv-isolation, process-on-host, on main)', () => {
    // labs/hyperv-isolation.md:250 and labs/fr/hyperv-isolation.md:218 at e75d069
    const { source, translation, text, sourceText } = pair(
      'Intro.',
      'Windows PowerShell 5.1, in the article:',
      'Intro.',
      'Sous Windows, `Get-Process` joue le rôle de `ps` :',
    );
    const problems = lintTranslation(source, translation).map((p) => formatProblem(p));
    const line = text.split('\n').findIndex((l) => l.startsWith('```powershell')) + 1;
    const sourceLine = sourceText.split('\n').findIndex((l) => l.startsWith('```powershell')) + 1;
    expect(problems).toEqual([
      `labs/fr/l.md:${line}: the text before this block keeps other code, values or numbers than the source (labs/l.md:${sourceLine}): only in the source: 5.1; only here: \`Get-Process\` \`ps\`\n  hint: translate the current source text: code spans, placeholders and numbers stay as the source writes them`,
    ]);
    expect(
      lintTranslation(
        source,
        pair('Intro.', 'Windows PowerShell 5.1, in the article:', 'Intro.', 'Windows PowerShell 5.1, dans l’article :').translation,
      ),
    ).toEqual([]);
  });

  it('catches the introduction’s table cell the English gained (labs/es/hyperv-isolation.md:60 on main)', () => {
    const { source, translation } = pair(
      "| list the host's processes | `Get-Process` (PowerShell) | `ps`, or `Get-Process` in PowerShell 7 |",
      'Before:',
      '| listar los procesos del host | `Get-Process` (PowerShell) | `ps` |',
      'Antes:',
    );
    expect(lintTranslation(source, translation).map((p) => p.message)).toEqual([
      'the introduction keeps other code, values or numbers than the source (labs/l.md:1): only in the source: 7 `Get-Process`; only here: —',
    ]);
  });

  it('reads code spans across a line break, placeholders, numbers; not the digits of names, addresses or Chinese dates', () => {
    expect(tokensOf('a `Get-Process -Name\nrunsc-sandbox` of {{pid}} in Windows 10 1607 (build 14393)')).toEqual([
      '10',
      '14393',
      '1607',
      '`Get-Process -Name runsc-sandbox`',
      '{{pid}}',
    ]);
    expect(tokensOf('ltsc2022, x86_64, [post](https://aka.ms/tp4/x), 2015 年 12 月, `isolab.run=<run id>`')).toEqual([
      '2015',
      '`isolab.run=<…>`',
    ]);
  });
});
