import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { git, stampsMovedAlone, stepsOf, translations } from '../helpers/translation-history.js';

describe('a moved stamp carries a translated text (read from the git history of labs/)', () => {
  it('the history is there to read: a full clone, not a shallow one (this test never skips)', () => {
    // Without history the check below would pass on nothing: fail instead, and say how to fix it.
    let shallow: string;
    try {
      shallow = git(ROOT, 'rev-parse', '--is-shallow-repository').trim();
    } catch (e) {
      throw new Error(`this test reads the git history of labs/, and git cannot read it here: ${(e as Error).message}`);
    }
    expect(shallow, 'a shallow clone: run git fetch --unshallow').toBe('false');
    expect(git(ROOT, 'log', '--format=%H', '--', 'labs').split('\n').filter(Boolean).length).toBeGreaterThan(10);
  });

  it('reads steps the way any version of the format wrote them', () => {
    const file = [
      '---',
      'id: x',
      "from: 'aaaaaaaaaaaa'",
      'title: Titre',
      '---',
      '',
      'Intro.',
      '',
      '## Étape',
      '',
      '<!-- isolab',
      'step: s',
      'from: 0123456789ab',
      'verdicts:',
      '  ok: { pass: "Réussi." }',
      '-->',
      '',
      'Texte.',
      '',
      '```sh',
      'echo changed',
      '```',
    ].join('\n');
    expect(stepsOf(file).get('s')).toMatchObject({ from: '0123456789ab', text: 'Étape "Réussi." } Texte.' });
    expect(stepsOf(file).get('(front matter)')).toMatchObject({ from: 'aaaaaaaaaaaa', text: 'Titre Intro.' });
    // Part by part: the text before the block, keyed by the block the translation copies.
    expect([...stepsOf(file).get('s')!.parts.entries()]).toEqual([
      ['(title)', 'Étape'],
      ['(verdicts)', '"Réussi." }'],
      ['```sh\necho changed\n```#1', 'Texte.'],
      ['(after the last block)', ''],
    ]);
    // A command-only change is not a change of the text.
    expect(stepsOf(file.replace('echo changed', 'echo other')).get('s')!.text).toBe(stepsOf(file).get('s')!.text);
  });

  it('refuses a stamp moved over an unchanged text when the source prose changed; a command-only change needs none', () => {
    const repo = tempDir('isolab-history-');
    onTestFinished(() => rmSync(repo, { recursive: true, force: true }));
    const g = (...args: string[]) => git(repo, ...args);
    g('init', '-q');
    g('config', 'user.email', 'test@isolab.invalid');
    g('config', 'user.name', 'isolab test');
    mkdirSync(join(repo, 'labs/fr'), { recursive: true });
    // The step as it was before the English gained its PowerShell edition (labs/hyperv-isolation.md
    // and labs/fr/hyperv-isolation.md on main, process-on-host).
    const source = (prose: string, code: string) =>
      `---\nid: l\ntitle: T\n---\n\n## Find it\n\n<!-- isolab\nstep: s\n-->\n\n${prose}\n\n\`\`\`powershell\n${code}\n\`\`\`\n`;
    const french = (from: string, prose: string, code: string) =>
      `---\nid: l\nlang: fr\ntranslationOf: l\ntitle: T\n---\n\n## Le retrouver\n\n<!-- isolab\nstep: s\nfrom: '${from}'\n-->\n\n${prose}\n\n\`\`\`powershell\n${code}\n\`\`\`\n`;
    const commit = (en: string, fr: string, message: string) => {
      writeFileSync(join(repo, 'labs/l.md'), en);
      writeFileSync(join(repo, 'labs/fr/l.md'), fr);
      g('add', '-A');
      g('commit', '-q', '-m', message);
    };
    const fr = 'Sous Windows, `Get-Process` joue le rôle de `ps`\u00A0:';
    commit(
      source('On Windows, `Get-Process` plays the part of `ps`:', 'Get-Process -Name ping'),
      french('aaaaaaaaaaaa', fr, 'Get-Process -Name ping'),
      'one',
    );
    // A command-only change: the translator copies the block and moves the stamp. Allowed.
    commit(
      source('On Windows, `Get-Process` plays the part of `ps`:', 'Get-Process -Name ping -ErrorAction Ignore'),
      french('bbbbbbbbbbbb', fr, 'Get-Process -Name ping -ErrorAction Ignore'),
      'two',
    );
    expect(stampsMovedAlone(repo, 'labs/fr/l.md')).toEqual([]);
    // The English gains a sentence; the stamp moves, the French stays.
    commit(
      source('Windows PowerShell 5.1, in the article:', 'Get-Process -Name ping -ErrorAction Ignore'),
      french('cccccccccccc', fr, 'Get-Process -Name ping -ErrorAction Ignore'),
      'three',
    );
    expect(stampsMovedAlone(repo, 'labs/fr/l.md')).toEqual([
      expect.stringMatching(
        /^labs\/fr\/l\.md: step "s": from: moved from bbbbbbbbbbbb \(as of [0-9a-f]{8}\) to cccccccccccc in [0-9a-f]{8}, over a change of the source's prose, but its translated text did not change$/,
      ),
    ]);
    // Half translated: a new French sentence elsewhere, the old one before the block kept. The part
    // that changed in English is found, as main's hyperv-isolation process-on-host was.
    writeFileSync(
      join(repo, 'labs/fr/l.md'),
      `${french('cccccccccccc', fr, 'Get-Process -Name ping -ErrorAction Ignore')}\nUne phrase ajoutée.\n`,
    );
    expect(stampsMovedAlone(repo, 'labs/fr/l.md')).toEqual([
      expect.stringMatching(
        /over a change of the source's part before the block "Get-Process -Name ping -ErrorAction Igno", but its translated part did not change: "Sous Windows/,
      ),
    ]);
    // Translated: the check is satisfied.
    writeFileSync(
      join(repo, 'labs/fr/l.md'),
      french('cccccccccccc', 'Windows PowerShell 5.1, dans l’article\u00A0:', 'Get-Process -Name ping -ErrorAction Ignore'),
    );
    expect(stampsMovedAlone(repo, 'labs/fr/l.md')).toEqual([]);
    expect(readFileSync(join(repo, 'labs/fr/l.md'), 'utf8')).toContain('5.1');
  });

  it('no translated step of the shipped labs had its stamp moved while its text stayed', () => {
    const all = translations(ROOT);
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(all.flatMap((t) => stampsMovedAlone(ROOT, t))).toEqual([]);
  });
});
