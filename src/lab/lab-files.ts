import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError, UnknownLabError, labProblem } from './errors.js';
import { msg, type Msg } from '../i18n/translate.js';
import { isTranslation, type Lab, type Translation } from './model.js';
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

/**
 * The lab parser (Markdown, YAML, the schema, the lint of every command: yaml, marked and zod, a
 * quarter of a megabyte of code). It is handed in rather than imported so that a start whose labs all
 * come from the parse cache never loads it: see loadLabLazily.
 */
export interface LabParsers {
  lab(text: string, opts: { file: string }): Lab;
  translation(text: string, opts: { file: string }): Translation;
  any(text: string, opts: { file: string }): Lab | Translation;
}

type Kind = keyof LabParsers;

/** Thrown by the parsers that stand in while the real ones are not loaded: a parse-cache miss. */
const PARSER_NEEDED = Symbol('the lab parser is needed');

const CACHE_ONLY: LabParsers = {
  lab: () => {
    throw PARSER_NEEDED;
  },
  translation: () => {
    throw PARSER_NEEDED;
  },
  any: () => {
    throw PARSER_NEEDED;
  },
};

/** Reads a lab file with the given parsers (a parse-cache hit does not call them). */
export function readWith<K extends Kind>(file: string, kind: K, parsers: LabParsers): ReturnType<LabParsers[K]> {
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
    const reason = readError(e as NodeJS.ErrnoException);
    throw new LabError([labProblem(displayPath(file), 1, msg('lab.cannotRead', { reason }), folderHint(file))]);
  }
  try {
    const shown = displayPath(file);
    return cachedParse(kind, shown, text, () => parsers[kind](text, { file: shown }) as ReturnType<LabParsers[K]>);
  } catch (e) {
    if (e instanceof LabError || e === PARSER_NEEDED) throw e;
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

/** A folder given where a lab file was expected (`isolab run labs.md/`): the labs in it, to give one of them instead. */
function folderHint(path: string): Msg | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
    const labs = sourceLabFiles(path);
    if (!labs.length) return msg('lab.folderHint.none');
    const shown = labs.slice(0, 3).map(displayPath);
    return msg('lab.folderHint', { labs: labs.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ') });
  } catch {
    return undefined;
  }
}

/** Why a file could not be read, in the reader's words; an error the catalog has no words for keeps the system's. */
export function readError(e: NodeJS.ErrnoException): Msg | string {
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return msg('lab.noSuchFile');
  if (e.code === 'ENOTFILE' || e.code === 'EISDIR') return msg('lab.notAFile');
  if (e.code === 'EACCES' || e.code === 'EPERM') return msg('lab.noPermission');
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

export interface LoadedLab {
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
export function findLab(ref: string, lang: string | undefined, labsDir: string, parsers: LabParsers): LoadedLab {
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
  const doc = readWith(file, 'any', parsers);
  let translation: Translation | undefined;
  if (isTranslation(doc)) {
    translation = doc;
    file = join(dirname(dirname(file)), `${doc.translationOf}.md`);
    lang ??= translation.lang;
  }
  const lab = isTranslation(doc) ? readWith(file, 'lab', parsers) : doc;
  if (!translation && lang && lang !== lab.lang) {
    const tf = translationFile(file, lang);
    if (existsSync(tf) && statSync(tf).isFile()) {
      try {
        translation = readWith(tf, 'translation', parsers);
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

/**
 * loadLab for the commands that only show labs (`isolab list`, `isolab run` before its first step):
 * every lab the parse cache holds is read without loading the parser, which is loaded only when a
 * file is not in the cache (the first start after an install or an edit).
 */
export async function loadLabLazily(ref: string, lang: string | undefined, labsDir = defaultLabsDir()): Promise<LoadedLab> {
  try {
    return findLab(ref, lang, labsDir, CACHE_ONLY);
  } catch (e) {
    if (e !== PARSER_NEEDED) throw e;
  }
  const { parseLab, parseLabFile, parseTranslation } = await import('./parse.js');
  return findLab(ref, lang, labsDir, { lab: parseLab, translation: parseTranslation, any: parseLabFile });
}
