import { describe, expect, it } from 'vitest';
import { isolab } from '../helpers/cli.js';

/**
 * `isolab cleanup` removes what interrupted runs left and what paused or kept runs keep: its help
 * and its "nothing to do" say both, in every language, never only "interrupted runs".
 */

const SAID: Record<string, { paused: string; kept: string }> = {
  en: { paused: 'paused', kept: 'kept' },
  es: { paused: 'en pausa', kept: 'conserva' },
  fr: { paused: 'en pause', kept: 'conservée' },
  'zh-CN': { paused: '暂停', kept: '保留' },
};

describe('isolab cleanup says what it covers', () => {
  for (const [lang, words] of Object.entries(SAID)) {
    it(`${lang}: with nothing left, it says no interrupted, paused or kept run has anything running; its help names all three`, async () => {
      const nothing = await isolab(['cleanup', '--lang', lang]);
      expect(nothing.exitCode, nothing.stderr).toBe(0);
      expect(nothing.stdout).toContain(words.paused);
      expect(nothing.stdout).toContain(words.kept);
      const help = await isolab(['--help', '--lang', lang]);
      const line = help.stdout.split('\n').find((l) => /^\s+cleanup\b/.test(l)) ?? '';
      const text = `${line}\n${help.stdout
        .slice(help.stdout.indexOf(line) + line.length)
        .split('\n')
        .slice(1, 3)
        .join('\n')}`;
      expect(text, help.stdout).toContain(words.paused);
    });
  }
});
