import { hasCatalog } from '../translate.js';

/**
 * The reader's words, loaded when they are needed. English is built in (translate.ts), so a start in
 * English loads no other language: the other catalogs are four fifths of the words, and evaluating
 * them was on the way to every command's first line. Any other language loads them all (one chunk).
 */
export async function loadCatalogFor(locale: string): Promise<void> {
  if (hasCatalog(locale)) return;
  (await import('./index.js')).loadCatalogs();
}

/** Every language, for a UI that can switch between them. */
export async function loadAllCatalogs(): Promise<void> {
  (await import('./index.js')).loadCatalogs();
}
