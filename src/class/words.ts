import { formatDuration } from '../util/duration.js';

export type Words = (key: string, params?: Record<string, string | number>) => string;

/**
 * The dashboard's words from the strings the class sent (class.dash.*, already in the instructor's
 * language): `{name}` filled in, plural forms chosen by Intl.PluralRules, durations worded by Intl.
 * Runs in the browser as well as in Node, so it imports nothing of Node.
 */
export function wordsFor(strings: Record<string, string>, locale: string): Words {
  const rules = new Intl.PluralRules(locale);
  return (key, params = {}) => {
    let template = strings[key];
    if (template === undefined && typeof params.count === 'number')
      template = strings[`${key}_${rules.select(params.count)}`] ?? strings[`${key}_other`];
    if (template === undefined) return key;
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = params[name];
      if (v === undefined) return m;
      return name === 'duration' && typeof v === 'number' ? formatDuration(v, locale) : String(v);
    });
  };
}
