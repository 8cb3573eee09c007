import { describe, expect, it, vi } from 'vitest';
import { normalizeLocale, resolveLocale, systemLocale } from '../src/i18n/locale.js';

describe('choosing the language', () => {
  it('maps what systems write to the four supported locales', () => {
    expect(normalizeLocale('zh')).toBe('zh-CN');
    expect(normalizeLocale('zh_CN.UTF-8')).toBe('zh-CN');
    expect(normalizeLocale('zh-Hans')).toBe('zh-CN');
    expect(normalizeLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(normalizeLocale('es_MX')).toBe('es');
    expect(normalizeLocale('es_ES.UTF-8@euro')).toBe('es');
    expect(normalizeLocale('fr_CA')).toBe('fr');
    expect(normalizeLocale('en_GB.UTF-8')).toBe('en');
    // Traditional Chinese is not Simplified Chinese.
    expect(normalizeLocale('zh_TW.UTF-8')).toBeUndefined();
    expect(normalizeLocale('zh-Hant')).toBeUndefined();
    expect(normalizeLocale('de_DE')).toBeUndefined();
    expect(normalizeLocale('C')).toBeUndefined();
  });

  it('follows --lang > ISOLAB_LANG > LC_ALL > LC_MESSAGES > LANG > OS locale > English', () => {
    const env = { ISOLAB_LANG: 'fr', LC_ALL: 'es_ES.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' };
    expect(resolveLocale('zh', env, 'en-US')).toEqual({ locale: 'zh-CN', source: '--lang' });
    expect(resolveLocale(undefined, env, 'en-US')).toEqual({ locale: 'fr', source: 'ISOLAB_LANG' });
    expect(resolveLocale(undefined, { ...env, ISOLAB_LANG: '' }, 'en-US')).toEqual({ locale: 'es', source: 'LC_ALL' });
    expect(resolveLocale(undefined, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'fr_FR' }, 'en-US')).toEqual({
      locale: 'zh-CN',
      source: 'LC_MESSAGES',
    });
    expect(resolveLocale(undefined, { LANG: 'fr_CA.UTF-8' }, 'en-US')).toEqual({ locale: 'fr', source: 'LANG' });
    expect(resolveLocale(undefined, {}, 'es-MX')).toEqual({ locale: 'es', source: 'os' });
    expect(resolveLocale(undefined, {}, 'ja-JP')).toEqual({ locale: 'en', source: 'default' });
  });

  it('asks the OS for its locale only when nothing else decides (it costs every command ~12 ms)', () => {
    let asked = 0;
    const os = () => {
      asked++;
      return 'es-MX';
    };
    expect(resolveLocale(undefined, { LANG: 'fr_FR.UTF-8' }, os)).toEqual({ locale: 'fr', source: 'LANG' });
    expect(resolveLocale('zh', {}, os)).toEqual({ locale: 'zh-CN', source: '--lang' });
    expect(asked).toBe(0);
    expect(resolveLocale(undefined, {}, os)).toEqual({ locale: 'es', source: 'os' });
    expect(asked).toBe(1);
  });

  it('off Windows the OS locale is the environment already read: ICU is not asked (its locale data cost 20–30 ms of every start)', () => {
    const intl = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(resolveLocale(undefined, { LANG: 'C.UTF-8' })).toEqual({ locale: 'en', source: 'default' });
      expect(systemLocale('linux')).toBe('');
      expect(systemLocale('darwin')).toBe('');
      expect(intl).not.toHaveBeenCalled();
      systemLocale('win32');
      expect(intl).toHaveBeenCalledTimes(1);
    } finally {
      intl.mockRestore();
    }
  });

  it('C and POSIX mean "no preference" and do not stop the search', () => {
    expect(resolveLocale(undefined, { LC_ALL: 'C', LANG: 'es_ES.UTF-8' }, 'en-US')).toEqual({ locale: 'es', source: 'LANG' });
    expect(resolveLocale(undefined, { LC_ALL: 'C.UTF-8' }, 'fr-FR')).toEqual({ locale: 'fr', source: 'os' });
  });

  it('an unknown language falls back to English and says so', () => {
    expect(resolveLocale('de', {}, 'en-US')).toEqual({ locale: 'en', source: '--lang', unsupported: 'de' });
    expect(resolveLocale(undefined, { LANG: 'ja_JP.UTF-8' }, 'en-US')).toEqual({
      locale: 'en',
      source: 'LANG',
      unsupported: 'ja_JP.UTF-8',
    });
  });
});

describe('the CLI and a language it does not speak', () => {
  it('falls back to English and says so', async () => {
    const { isolab } = await import('./helpers/cli.js');
    const r = await isolab(['list', '--lang', 'de']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('isolab does not speak "de" yet; using English (available: en, es, zh-CN, fr)');
    expect(r.stdout).toContain('Process isolation or a kernel of its own?');
  });
});
