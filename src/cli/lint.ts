import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError, formatProblem, labProblem, type LabProblem } from '../lab/errors.js';
import { msg } from '../i18n/translate.js';
import { defaultLabsDir, readLab, readLabFile, displayPath } from '../lab/catalog.js';
import { isTranslation } from '../lab/model.js';
import { lintTranslation } from '../lab/translation-lint.js';
import { lintLanguage } from '../lab/language-lint.js';
import { EXIT, type CliContext } from './context.js';

function collect(paths: string[]): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) walk(join(p, f));
    else if (p.endsWith('.md') && !p.endsWith('README.md')) files.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new LabError([labProblem(p, 1, msg('lab.noSuchPath'))]);
    walk(p);
  }
  return files;
}

/** `isolab lint [paths…]`: every problem as file:line: message. Exit 0 clean, 1 problems. */
export function lintCommand(paths: string[], ctx: CliContext): number {
  const files = collect(paths.length ? paths : [defaultLabsDir()]);
  const problems: LabProblem[] = [];
  for (const file of files) {
    try {
      const lab = readLabFile(file);
      if (isTranslation(lab)) {
        // The words themselves: the glossary and typography of the translation's language. (A source
        // lab in another language, an imported docs page, is its author's text: lint accepts it as
        // `isolab import` wrote it.)
        problems.push(...lintLanguage(displayPath(file), readFileSync(file, 'utf8'), lab.lang));
        const sourceFile = join(dirname(dirname(file)), `${lab.translationOf}.md`);
        if (!existsSync(sourceFile)) {
          problems.push(
            labProblem(displayPath(file), 1, msg('lab.sourceMissing', { file: displayPath(sourceFile) }), msg('lab.sourceMissing.hint')),
          );
          continue;
        }
        problems.push(...lintTranslation(readLab(sourceFile), lab));
      }
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      problems.push(...e.problems);
    }
  }
  for (const p of problems) ctx.out.write(`${formatProblem(p, ctx.t)}\n`);
  const summary = ctx.t('lint.summary', {
    files: msg('lint.files', { count: files.length }),
    problems: msg('lint.problems', { count: problems.length }),
  });
  ctx.err.write(`${problems.length ? ctx.cerr.red(summary) : ctx.cerr.green(summary)}\n`);
  return problems.length ? EXIT.checksFailed : EXIT.ok;
}
