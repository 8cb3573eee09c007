import { beforeAll, describe, expect, it } from 'vitest';
import { cleanupAnswer, shareAnswer, stepAnswer } from '../../src/cli/answer.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { SUPPORTED_LOCALES } from '../../src/i18n/locale.js';
import { createTranslator } from '../../src/i18n/translate.js';

beforeAll(() => loadCatalogs());

/** Enter, as each language names it, is the empty answer. */
const ENTER = new Set(['enter', 'entrée']);
const typed = (shown: string) => (ENTER.has(shown.toLowerCase()) ? '' : shown.toLowerCase());

/** "[Y]es, [s]kip, [q]uit" → the letters shown, option by option: ['y', 's', 'q']; "[Enter] sí" → ''. */
function bracketed(prompt: string): string[] {
  return [...prompt.matchAll(/\[([^\]/]+)\]/g)].map((m) => typed(m[1]!));
}

/** "y or Enter to run it, s to skip the step, q to quit" → [['y', ''], ['s'], ['q']]: the keys each clause names. */
function spoken(prompt: string): string[][] {
  return prompt
    .split(/[,，]/)
    .map((clause) =>
      clause
        .split(/\s+/)
        .filter((w) => /^[a-z]$/i.test(w) || ENTER.has(w.toLowerCase()))
        .map(typed),
    )
    .filter((keys) => keys.length > 0);
}

describe('the questions of an attended run take the letters they show, in every language', () => {
  it.each(SUPPORTED_LOCALES)('%s: "Run this command?" runs, skips and quits on the letters it shows', (lang) => {
    const t = createTranslator(lang);
    const [run, skip, quit] = bracketed(t('run.confirm'));
    expect([run, skip, quit].every((k) => k !== undefined)).toBe(true);
    expect(stepAnswer(run!)).toBe('run');
    expect(stepAnswer(run!.toUpperCase())).toBe('run');
    expect(stepAnswer(skip!)).toBe('skip');
    expect(stepAnswer(quit!)).toBe('quit');
    const said = spoken(t('sr.runAnswer'));
    expect(said).toHaveLength(3);
    for (const k of said[0]!) expect(stepAnswer(k), `"${k}" in ${t('sr.runAnswer')}`).toBe('run');
    for (const k of said[1]!) expect(stepAnswer(k)).toBe('skip');
    for (const k of said[2]!) expect(stepAnswer(k)).toBe('quit');
  });

  it.each(SUPPORTED_LOCALES)('%s: "Agree to this cleanup?" agrees, keeps and quits on the letters it shows', (lang) => {
    const t = createTranslator(lang);
    const [agree, keep, quit] = bracketed(t('run.cleanupConfirm'));
    expect(cleanupAnswer(agree!)).toBe('agree');
    expect(cleanupAnswer(keep!)).toBe('keep');
    expect(cleanupAnswer(quit!)).toBe('quit');
    const said = spoken(t('sr.cleanupAnswer'));
    expect(said).toHaveLength(3);
    for (const k of said[0]!) expect(cleanupAnswer(k), `"${k}" in ${t('sr.cleanupAnswer')}`).toBe('agree');
    for (const k of said[1]!) expect(cleanupAnswer(k)).toBe('keep');
    for (const k of said[2]!) expect(cleanupAnswer(k)).toBe('quit');
  });

  it.each(SUPPORTED_LOCALES)('%s: "Share them? [y/N]" shares on the letter it shows, and Enter keeps the default, no', (lang) => {
    const question = createTranslator(lang)('class.join.askOutput');
    const [, yes, no] = /\[(\S)\/(\S)\]/.exec(question) ?? [];
    expect(no).toBe('N');
    expect(shareAnswer(yes!)).toBe(true);
    expect(shareAnswer(yes!.toUpperCase())).toBe(true);
    expect(shareAnswer('n')).toBe(false);
    expect(shareAnswer('')).toBe(false);
  });

  it('a word that only begins with a yes letter is not consent to share: "sin compartir", "skip", "oh non", "stop"', () => {
    for (const no of ['sin compartir', 'skip', 'oh non', 'stop', 'yeah no', 'non', 'nein']) expect(shareAnswer(no), no).toBe(false);
    for (const yes of ['y', 'Yes', 'sí', 'si', 'oui', '是']) expect(shareAnswer(yes), yes).toBe(true);
  });
});

describe('the answer to "Run this command?" in an attended run', () => {
  it('runs on Enter and on yes in each language: "sí" never skips a step', () => {
    for (const yes of ['', 'y', 'Yes', 'sí', 'si', 'o', 'oui', '是']) expect(stepAnswer(yes), yes).toBe('run');
  });
  it('skips and quits on the letters the prompt names', () => {
    expect(stepAnswer('s')).toBe('skip');
    expect(stepAnswer(' S ')).toBe('skip');
    expect(stepAnswer('q')).toBe('quit');
    expect(stepAnswer('salir')).toBe('quit');
  });
  it('asks again on anything else rather than guess', () => {
    expect(stepAnswer('sure')).toBeUndefined();
    expect(stepAnswer('stop')).toBeUndefined();
  });
});

describe('the answer to "Agree to this cleanup?"', () => {
  it('asks again on an answer it does not offer: a typo never agrees to run commands', () => {
    for (const typo of ['x', 'sure', 'stop', 'nn']) expect(cleanupAnswer(typo), typo).toBeUndefined();
    expect(cleanupAnswer('sí')).toBe('agree');
    expect(cleanupAnswer('non')).toBe('keep');
  });
});
