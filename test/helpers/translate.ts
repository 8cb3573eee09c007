import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLab } from '../../src/lab/parse.js';
import { tempDir } from './cli.js';

/**
 * Makes a translation of a source lab the way a translator starts one: same file, front matter
 * pointing at the source, each annotation reduced to step + from (the source version), prose marked.
 */
export function translationOf(source: string, lang: string, opts: { prefix?: string } = {}): string {
  const lab = parseLab(source, { file: 'source.md' });
  let i = 0;
  const body = source
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/<!--\s*isolab\b[\s\S]*?-->/g, () => {
      const step = lab.steps[i++]!;
      return `<!-- isolab\nstep: ${step.id}\nfrom: ${step.proseHash}\n-->`;
    })
    .replace(/^(## )(.*)$/gm, `$1${opts.prefix ?? `[${lang}] `}$2`);
  return `---\nid: ${lab.id}\nlang: ${lang}\ntranslationOf: ${lab.id}\nfrom: '${lab.proseHash}'\ntitle: "${opts.prefix ?? `[${lang}] `}${lab.title}"\n---\n${body}`;
}

/** A labs folder holding one source lab and the given translations, as isolab expects it. */
export function labsDir(sourceFile: string, translations: Record<string, string>): string {
  const dir = tempDir('isolab-labs-');
  const name = sourceFile.split('/').pop()!;
  copyFileSync(sourceFile, join(dir, name));
  for (const [lang, text] of Object.entries(translations)) {
    mkdirSync(join(dir, lang), { recursive: true });
    writeFileSync(join(dir, lang, name), text);
  }
  return dir;
}
