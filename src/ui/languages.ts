import { SUPPORTED_LOCALES } from '../i18n/locale.js';

/** Each language is named in itself (an endonym), so a learner finds theirs whatever the screen's language. */
const ENDONYMS: Record<string, string> = { en: 'English', es: 'Español', 'zh-CN': '简体中文', fr: 'Français' };

export function languageName(locale: string): string {
  return ENDONYMS[locale] ?? locale;
}

/** `l` cycles en → es → zh-CN → fr → en. */
export function nextLocale(locale: string): string {
  const i = (SUPPORTED_LOCALES as readonly string[]).indexOf(locale);
  return SUPPORTED_LOCALES[(i + 1) % SUPPORTED_LOCALES.length]!;
}
