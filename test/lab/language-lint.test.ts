import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab, ROOT } from '../helpers/cli.js';
import { labsDir, translationOf } from '../helpers/translate.js';
import { lintLanguage } from '../../src/lab/language-lint.js';
import { proseBlocks } from '../../src/lab/prose-blocks.js';

const SOURCE_FILE = join(ROOT, 'test/fixtures/process-lab.md');
const source = readFileSync(SOURCE_FILE, 'utf8');
const N = '\u00A0';

/** A French translation of the fixture, with one line of prose and one verdict in French. */
function french(prose: string, verdict: string): string {
  return translationOf(source, 'fr', { prefix: '' })
    .replace(
      'We start `sleep` in the background and print its process id. Output is redirected so the\nstep ends while `sleep` goes on running.',
      prose,
    )
    .replace('step: find\n', `step: find\nverdicts:\n  listed:\n    pass: "${verdict}"\n`)
    .replace(
      "> Background jobs must not keep the step's output open: redirect their output.",
      `> Redirigez la sortie des tâches d’arrière-plan${N}!`,
    )
    .replace("## Find it in the host's process table", '## Le retrouver parmi les processus de l’hôte');
}

describe('isolab lint reads the language of a translation', () => {
  it('reports each problem at its line, in the reader’s language, and leaves code alone', async () => {
    const text = french(
      "Nous lançons `sleep` en arrière-plan : l'hôte voit `sleep` tourner.",
      `Le PID {{pid}} figure dans la liste de l’hôte${N}: isolation de processus.`,
    );
    const dir = labsDir(SOURCE_FILE, { fr: text });
    const r = await isolab(['lint', dir, '--lang', 'es'], { env: { LANG: 'es_ES.UTF-8' } });
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith(dir))
      .map((l) => l.replace(`${dir}/`, ''));
    const at = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^fr/process-lab\\.md:${at('Nous lançons')}: un espacio normal antes de «:» \\(.*plan : l'hôte.*\\): el francés pone ahí un espacio de no separación \\(U\\+00A0\\)$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^fr/process-lab\\.md:${at('Nous lançons')}: un apóstrofo recto \\(.*\\): la prosa francesa usa ’ \\(U\\+2019\\)$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^fr/process-lab\\.md:${at('pass: "Le PID')}: el glosario no usa «isolation de processus» \\(.*\\): escribe «isolation des processus»$`,
        ),
      ),
    ]);
    expect(r.exitCode).toBe(1);
    // The code blocks the translation copies (`2>&1 &`, `'{{pid}}'`) are the shell's text: untouched.
    expect(r.stdout).not.toMatch(/process-lab\.md:\d+:.*(sleep 300|ps -e)/);
  });

  it('a paragraph wrapped over lines is read as one: the problem is on the line it stands on', () => {
    const text = 'intro\n\nPremière ligne, sans faute\net la seconde : une faute.\n';
    expect(lintLanguage('x.md', text, 'fr').map((p) => p.line)).toEqual([4]);
  });

  it('finds the prose of a lab file: front matter values, verdicts, paragraphs, hints; never code, keys or ids', () => {
    const text = [
      '---',
      'id: x',
      'title: "Un titre"',
      'recap: |-',
      '  - premier point',
      '  - second point',
      'sources:',
      '  - title: Conteneurs Hyper-V',
      '    url: https://example.invalid/a:b',
      '---',
      '',
      '## Étape',
      '',
      '<!-- isolab',
      'step: s',
      "from: 'abc'",
      'verdicts:',
      '  c: { }',
      '  d:',
      '    pass: "Réussi."',
      '-->',
      '',
      'Un paragraphe',
      'sur deux lignes.',
      '',
      '```sh',
      "echo 'x'",
      '```',
      '',
      '> Un indice.',
    ].join('\n');
    expect(proseBlocks(text).map((b) => [b.line, b.text.trim()])).toEqual([
      [3, 'Un titre'],
      [5, '- premier point'],
      [6, '- second point'],
      [8, 'Conteneurs Hyper-V'],
      [12, '## Étape'],
      [20, 'Réussi.'],
      [23, 'Un paragraphe\nsur deux lignes.'],
      [30, '> Un indice.'],
    ]);
  });
});
