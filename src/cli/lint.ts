import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError, formatProblem, labProblem, type LabProblem } from '../lab/errors.js';
import { msg } from '../i18n/translate.js';
import { defaultLabsDir, readLab, readLabFile, displayPath } from '../lab/catalog.js';
import { readError } from '../lab/lab-files.js';
import { isTranslation } from '../lab/model.js';
import { lintTranslation } from '../lab/translation-lint.js';
import { lintLanguage } from '../lab/language-lint.js';
import { EXIT, type CliContext } from './context.js';

/**
 * The lab files under the paths given. A path named on the command line is followed wherever it points;
 * inside a folder, a link to a folder is not (it may loop back into the tree, as `ln -s . self` does, or
 * lead out of it, to /etc): it is named as skipped. A link named *.md is linted like a file, so a broken
 * one is a `file:1: cannot read` problem, as `isolab list` reports it. A path named that holds no lab
 * (an empty folder dir.md, a notes.txt) is a problem, not "0 files checked, 0 problems".
 */
function collect(paths: string[], named: boolean): { files: string[]; skipped: string[]; unreadable: LabProblem[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const unreadable: LabProblem[] = [];
  const isLab = (p: string) => p.endsWith('.md') && !p.endsWith('README.md');
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      // A folder this user may not read is a problem of its own; the rest is still linted.
      unreadable.push(labProblem(displayPath(dir), 1, msg('lab.cannotReadFolder', { reason: readError(e as NodeJS.ErrnoException) })));
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (isLab(p)) files.push(p);
      else if (st.isSymbolicLink() && isFolder(p)) skipped.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new LabError([labProblem(p, 1, msg('lab.noSuchPath'))]);
    const before = files.length + unreadable.length;
    if (statSync(p).isDirectory()) walk(p);
    else if (isLab(p)) files.push(p);
    // A path the user named that holds no lab (a folder dir.md, notes.txt) is not a clean lint: it is said.
    if (named && files.length + unreadable.length === before) {
      const folder = statSync(p).isDirectory();
      unreadable.push(labProblem(displayPath(p), 1, msg(folder ? 'lint.noLabsInFolder' : 'lint.notALab'), msg('lint.noLabsInFolder.hint')));
    }
  }
  return { files, skipped, unreadable };
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch (e) {
    // A link that loops (ELOOP) is a folder link that was never going to end; a broken one is nothing.
    return (e as NodeJS.ErrnoException).code === 'ELOOP';
  }
}

/** `isolab lint [paths…]`: every problem as file:line: message. Exit 0 clean, 1 problems. */
export function lintCommand(paths: string[], ctx: CliContext): number {
  const { files, skipped, unreadable } = collect(paths.length ? paths : [defaultLabsDir()], paths.length > 0);
  for (const p of skipped) ctx.err.write(`${ctx.t('lint.skippedLink', { path: displayPath(p) })}\n`);
  const problems: LabProblem[] = [...unreadable];
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
