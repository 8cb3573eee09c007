import { CATALOGS } from '../i18n/catalogs/index.js';

/** The dashboard's words (class.dash.*) in one language, with their plural forms: what the page needs of the catalogs. */
export function dashboardStrings(locale: string): Record<string, string> {
  const catalog = (CATALOGS[locale] ?? CATALOGS.en!) as Record<string, string>;
  return Object.fromEntries(Object.entries(catalog).filter(([k]) => k.startsWith('class.dash.')));
}
