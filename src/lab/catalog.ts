import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError, UnknownLabError, labProblem } from './errors.js';
import { msg } from '../i18n/translate.js';
import { isTranslation, type Lab, type Translation } from './model.js';
import { parseLab, parseLabFile, parseTranslation, type ParseOptions } from './parse.js';
import { fileTooBig } from './limits.js';
import { cachedParse } from './parse-cache.js';
import { codeDifferences } from './translation-lint.js';

/** The labs shipped with isolab (overridable for instructors with their own set). */
export function defaultLabsDir(env = process.env): string {
  if (env.ISOLAB_LABS_DIR) return resolve(env.ISOLAB_LABS_DIR);
  return fileURLToPath(new URL('../../labs', import.meta.url));
}

export const LAB_LANGS = ['en', 'es', 'zh-CN', 'fr'] as const;

/** Shows paths relative to where the user is, as they would type them. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Reads a source lab; a translation is refused (see readLabFile). */
export function readLab(file: string): Lab {
  return readWith(file, 'lab', parseLab);
}

/** Reads a translation; a source lab is refused. */
export function readTranslation(file: string): Translation {
  return readWith(file, 'translation', parseTranslation);
}

/** Reads a lab file, whichever it is: a source lab or a translation. */
export function readLabFile(file: string): Lab | Translation {
  return readWith(file, 'any', parseLabFile);
}

function readWith<T>(file: string, kind: string, parse: (text: string, opts: ParseOptions) => T): T {
  let text: string;
  try {
    // Sized before it is read: a 50 MB file (or /dev/zero) must not be loaded to be refused.
    const st = statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    const big = fileTooBig(st.size);
    if (big) throw new LabError([{ file: displayPath(file), line: 1, ...big }]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof LabError) throw e;
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? msg('lab.noSuchFile') : readError(e as NodeJS.ErrnoException);
    throw new LabError([labProblem(displayPath(file), 1, msg('lab.cannotRead', { reason }))]);
  }
  try {
    const shown = displayPath(file);
    return cachedParse(kind, shown, text, () => parse(text, { file: shown }));
  } catch (e) {
    if (e instanceof LabError) throw e;
    // A file that breaks the Markdown or YAML library (deep nesting, say) is still just a bad lab.
    throw new LabError([
      labProblem(
        displayPath(file),
        1,
        msg('lab.cannotParse', { error: (e as Error).message.split('\n')[0]! }),
        msg('lab.cannotParse.hint'),
      ),
    ]);
  }
}

function readError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'ENOTFILE' || e.code === 'EISDIR') return 'not a regular file';
  return e.message;
}

export function sourceLabFiles(dir = defaultLabsDir()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => join(dir, f));
}

function translationFile(sourceFile: string, lang: string): string {
  return join(dirname(sourceFile), lang, basename(sourceFile));
}

interface LoadedLab {
  lab: Lab;
  sourceFile: string;
  translation?: Translation;
  /** Set when a translation was asked for and exists but could not be read. */
  translationProblem?: LabError;
}

/**
 * Finds a lab by id (in the labs folder) or by path, and its translation for `lang` if there is one.
 * A path to a translation loads its source lab, which is where everything executable lives.
 */
export function loadLab(ref: string, lang: string | undefined, labsDir = defaultLabsDir()): LoadedLab {
  // resolve() would fold "https://…" into "https:/…": say what it is instead.
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    throw new LabError([
      {
        file: ref,
        line: 1,
        message: 'cannot read the lab: isolab reads lab files, not URLs',
        hint: 'download the file first, then give its path',
      },
    ]);
  }
  let file = looksLikePath(ref) ? resolve(ref) : join(labsDir, `${ref}.md`);
  if (!existsSync(file) && !looksLikePath(ref)) {
    // There is no file to point at: name the labs there are instead.
    throw new UnknownLabError(
      ref,
      sourceLabFiles(labsDir).map((f) => basename(f, '.md')),
    );
  }
  const doc = readLabFile(file);
  let translation: Translation | undefined;
  if (isTranslation(doc)) {
    translation = doc;
    file = join(dirname(dirname(file)), `${doc.translationOf}.md`);
    lang ??= translation.lang;
  }
  const lab = isTranslation(doc) ? readLab(file) : doc;
  if (!translation && lang && lang !== lab.lang) {
    const tf = translationFile(file, lang);
    if (existsSync(tf) && statSync(tf).isFile()) {
      try {
        translation = readTranslation(tf);
      } catch (e) {
        if (e instanceof LabError) return { lab, sourceFile: file, translationProblem: e };
        throw e;
      }
    }
  }
  // A translation whose code differs from the source would show one command and run another: refused.
  const differences = translation ? codeDifferences(lab, translation) : [];
  if (differences.length) return { lab, sourceFile: file, translationProblem: new LabError(differences) };
  return { lab, sourceFile: file, ...(translation ? { translation } : {}) };
}

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || ref.endsWith('.md');
}
