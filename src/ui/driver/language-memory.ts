import { normalizeLocale, type Locale } from '../../i18n/locale.js';
import { rememberLanguage } from '../../i18n/remembered-language.js';

/**
 * The language picked with l is the next start's too (`remember`; default: the state folder). A state
 * folder that cannot be written keeps it for this session only.
 */
export function rememberPicked(locale: string, remember: (locale: Locale) => void = rememberLanguage): void {
  const picked = normalizeLocale(locale);
  if (!picked) return;
  try {
    remember(picked);
  } catch {
    /* not remembered: the switch itself still holds */
  }
}
