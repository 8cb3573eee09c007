import { loadLab } from '../lab/catalog.js';
import { localize } from '../lab/localize.js';
import type { LabWords } from './fold.js';

/**
 * Titles of a lab and its steps in the instructor's language, from the instructor's own isolab: the
 * dashboard shows a Spanish learner's progress under the English titles an English instructor reads.
 * Only shipped lab ids are looked up (a learner's id never becomes a path); anything else keeps the
 * titles the learner's isolab sent.
 */
export function labWordsFor(locale: string, labsDir?: string): (labId: string) => LabWords | undefined {
  const cache = new Map<string, LabWords | undefined>();
  return (labId) => {
    if (cache.has(labId)) return cache.get(labId);
    let words: LabWords | undefined;
    if (/^[a-z0-9][a-z0-9-]{0,63}$/.test(labId)) {
      try {
        const { lab, translation } = labsDir ? loadLab(labId, locale, labsDir) : loadLab(labId, locale);
        const text = localize(lab, translation);
        words = { title: text.title, steps: Object.fromEntries(Object.entries(text.steps).map(([id, s]) => [id, s.title])) };
      } catch {
        words = undefined;
      }
    }
    cache.set(labId, words);
    return words;
  };
}
