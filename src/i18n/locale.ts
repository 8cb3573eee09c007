export const SUPPORTED_LOCALES = ['en', 'es', 'zh-CN', 'fr'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Maps what users and systems write (zh_CN.UTF-8, zh-Hans, es_MX, fr_CA, C, POSIX) to a supported
 * locale, or undefined when the language is not one isolab speaks.
 */
export function normalizeLocale(raw: string | undefined): Locale | undefined {
  if (!raw) return undefined;
  const base = raw.split('.')[0]!.split('@')[0]!.replace(/_/g, '-').trim();
  if (!base || base === 'C' || base === 'POSIX') return undefined;
  const [lang = '', ...rest] = base.split('-');
  switch (lang.toLowerCase()) {
    case 'en':
      return 'en';
    case 'es':
      return 'es';
    case 'fr':
      return 'fr';
    case 'zh': {
      // Traditional Chinese is a different written language: do not pretend Simplified fits it.
      const sub = rest.map((r) => r.toLowerCase());
      if (sub.includes('hant') || sub.includes('tw') || sub.includes('hk') || sub.includes('mo')) return undefined;
      return 'zh-CN';
    }
    default:
      return undefined;
  }
}

export interface LocaleChoice {
  locale: Locale;
  /** Where it came from, for `isolab doctor` and debugging. */
  source: string;
  /** Set when a language was asked for that isolab does not have: we fell back to English. */
  unsupported?: string;
}

/**
 * --lang > ISOLAB_LANG > the language last picked in the UI > LC_ALL > LC_MESSAGES > LANG > the OS
 * locale > English. isolab's own settings decide over the system's: a learner who picked Spanish keeps
 * it under LANG=en_US. The OS locale is asked for only when nothing before it decides:
 * Intl.DateTimeFormat() costs ~12 ms of every command's start.
 */
export function resolveLocale(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  osLocale: string | (() => string) = () => systemLocale(),
  remembered: () => string | undefined = () => undefined,
): LocaleChoice {
  if (!flag && !env.ISOLAB_LANG) {
    const picked = normalizeLocale(remembered());
    if (picked) return { locale: picked, source: 'remembered' };
  }
  const candidates: [string, string | undefined][] = [
    ['--lang', flag],
    ['ISOLAB_LANG', env.ISOLAB_LANG],
    ['LC_ALL', env.LC_ALL],
    ['LC_MESSAGES', env.LC_MESSAGES],
    ['LANG', env.LANG],
  ];
  for (const [source, value] of candidates) {
    if (!value) continue;
    const locale = normalizeLocale(value);
    if (locale) return { locale, source };
    // An explicit choice we cannot honour is reported; C/POSIX in the environment just means "no preference".
    const base = value.split('.')[0];
    if (base !== 'C' && base !== 'POSIX') return { locale: 'en', source, unsupported: value };
  }
  const os = normalizeLocale(typeof osLocale === 'function' ? osLocale() : osLocale);
  return os ? { locale: os, source: 'os' } : { locale: 'en', source: 'default' };
}

/**
 * Off Windows, Node's ICU takes its default locale from LC_ALL, LC_MESSAGES and LANG, the variables
 * read above: when they decided nothing (unset, C, C.UTF-8: most containers and CI machines), ICU
 * says "en-US" too. Asking it anyway loaded ICU's locale data, 20–30 ms of every start. Windows keeps
 * the question: there the OS locale is the user's setting, not the environment.
 */
export function systemLocale(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? Intl.DateTimeFormat().resolvedOptions().locale : '';
}
