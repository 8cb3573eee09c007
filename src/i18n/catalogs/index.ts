import { registerCatalog, type Catalog } from '../translate.js';
import { en } from './en.js';
import { esCore } from './es-core.js';
import { esUi } from './es-ui.js';
import { esLab } from './es-lab.js';
import { esCli } from './es-cli.js';
import { esClass } from './es-class.js';
import { esAccess } from './es-access.js';
import { frCore } from './fr-core.js';
import { frUi } from './fr-ui.js';
import { frLab } from './fr-lab.js';
import { frCli } from './fr-cli.js';
import { frClass } from './fr-class.js';
import { frAccess } from './fr-access.js';
import { zhCNCore } from './zh-CN-core.js';
import { zhCNUi } from './zh-CN-ui.js';
import { zhCNLab } from './zh-CN-lab.js';
import { zhCNCli } from './zh-CN-cli.js';
import { zhCNClass } from './zh-CN-class.js';
import { zhCNAccess } from './zh-CN-access.js';

/**
 * Every shipped catalog, by locale: one part per area (core: verdicts, preflight, runs; ui: the
 * TUI; lab: problems in lab files; cli: --help and usage errors; class: the
 * workshop and its dashboard; access: the screen-reader mode). The test in test/i18n.test.ts
 * fails when a locale misses a key or changes a placeholder. Merged with Object.assign, not a spread:
 * see en.ts.
 */
export const CATALOGS: Record<string, Catalog> = {
  en,
  es: Object.assign({}, en, esCore, esUi, esLab, esCli, esClass, esAccess),
  'zh-CN': Object.assign({}, en, zhCNCore, zhCNUi, zhCNLab, zhCNCli, zhCNClass, zhCNAccess),
  fr: Object.assign({}, en, frCore, frUi, frLab, frCli, frClass, frAccess),
};

/** The parts a translator owns, checked key by key against English. */
export const CATALOG_PARTS: Record<string, Record<string, string>[]> = {
  es: [esCore, esUi, esLab, esCli, esClass, esAccess],
  'zh-CN': [zhCNCore, zhCNUi, zhCNLab, zhCNCli, zhCNClass, zhCNAccess],
  fr: [frCore, frUi, frLab, frCli, frClass, frAccess],
};

let loaded = false;
export function loadCatalogs(): void {
  if (loaded) return;
  loaded = true;
  for (const [locale, catalog] of Object.entries(CATALOGS)) registerCatalog(locale, catalog);
}
