import { registerCatalog, type Catalog } from '../translate.js';
import { en } from './en.js';
import { esCore } from './es-core.js';
import { frCore } from './fr-core.js';
import { zhCNCore } from './zh-CN-core.js';

/**
 * Every shipped catalog, by locale: one part per area (core: CLI, verdicts, preflight; ui: the
 * TUI). The test in test/i18n.test.ts fails when a locale misses a key or changes a placeholder.
 */
export const CATALOGS: Record<string, Catalog> = {
  en,
  es: { ...en, ...esCore },
  'zh-CN': { ...en, ...zhCNCore },
  fr: { ...en, ...frCore },
};

/** The parts a translator owns, checked key by key against English. */
export const CATALOG_PARTS: Record<string, Record<string, string>[]> = {
  es: [esCore],
  'zh-CN': [zhCNCore],
  fr: [frCore],
};

let loaded = false;
export function loadCatalogs(): void {
  if (loaded) return;
  loaded = true;
  for (const [locale, catalog] of Object.entries(CATALOGS)) registerCatalog(locale, catalog);
}
