import { defaultLabsDir, findLab, readWith, type LabParsers, type LoadedLab } from './lab-files.js';
import type { Lab, Translation } from './model.js';
import { parseLab, parseLabFile, parseTranslation } from './parse.js';

// The lab files and the parse cache are in lab-files.ts; this module adds the parser, loaded with it.
export { defaultLabsDir, displayPath, LAB_LANGS, loadLabLazily, sourceLabFiles, type LoadedLab } from './lab-files.js';

const PARSERS: LabParsers = { lab: parseLab, translation: parseTranslation, any: parseLabFile };

/** Reads a source lab; a translation is refused (see readLabFile). */
export function readLab(file: string): Lab {
  return readWith(file, 'lab', PARSERS);
}

/** Reads a translation; a source lab is refused. */
export function readTranslation(file: string): Translation {
  return readWith(file, 'translation', PARSERS);
}

/** Reads a lab file, whichever it is: a source lab or a translation. */
export function readLabFile(file: string): Lab | Translation {
  return readWith(file, 'any', PARSERS);
}

/**
 * Finds a lab by id (in the labs folder) or by path, and its translation for `lang` if there is one.
 * A path to a translation loads its source lab, which is where everything executable lives.
 */
export function loadLab(ref: string, lang: string | undefined, labsDir = defaultLabsDir()): LoadedLab {
  return findLab(ref, lang, labsDir, PARSERS);
}
