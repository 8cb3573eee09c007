import { registerCatalog, type Catalog } from '../translate.js';
import { en } from './en.js';
import { esCore } from './es-core.js';
import { esUi } from './es-ui.js';
import { frCore } from './fr-core.js';
import { frUi } from './fr-ui.js';
import { zhCNCore } from './zh-CN-core.js';
import { zhCNUi } from './zh-CN-ui.js';

/**
 * Every shipped catalog, by locale: one part per area (core: CLI, verdicts, preflight; ui: the
 * TUI). The test in test/i18n.test.ts fails when a locale misses a key or changes a placeholder.
 */
export const CATALOGS: Record<string, Catalog> = {
  en,
  es: { ...en, ...esCore, ...esUi },
  'zh-CN': { ...en, ...zhCNCore, ...zhCNUi },
  fr: { ...en, ...frCore, ...frUi },
};

/** The parts a translator owns, checked key by key against English. */
export const CATALOG_PARTS: Record<string, Record<string, string>[]> = {
  es: [esCore, esUi],
  'zh-CN': [zhCNCore, zhCNUi],
  fr: [frCore, frUi],
};

let loaded = false;
export function loadCatalogs(): void {
  if (loaded) return;
  loaded = true;
  for (const [locale, catalog] of Object.entries(CATALOGS)) registerCatalog(locale, catalog);
}
