import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import type { Report } from '../../src/report/build.js';
import { renderReport } from '../../src/report/formats.js';
import { restLine, tallyText, type TallyMessage } from '../../src/report/counts.js';

/**
 * Every count a report or a screen says agrees with its number, in every language: "1 réussie",
 * never "1 réussies"; "1 paso superado", never "pasos superados: 1" beside "1 superadas".
 */

beforeAll(() => loadCatalogs());

const counts = (n: { passed: number; failed: number; notJudged: number }) => n;

function reportWith(lang: string, n: number): Report {
  return {
    schemaVersion: 2,
    lab: 'count-lab',
    title: 'Counts',
    lang,
    platform: 'linux',
    shell: 'sh',
    mode: 'run',
    runId: '20261206-00000000',
    startedAt: '2026-12-06T00:00:00.000Z',
    durationMs: 1200,
    interrupted: false,
    passed: n,
    read: 0,
    failed: 0,
    notJudged: n,
    skipped: 0,
    notRun: 0,
    pending: 0,
    result: 'notProven',
    exitCode: 1,
    checks: counts({ passed: n, failed: 0, notJudged: n }),
    cleanupChecks: counts({ passed: n, failed: 0, notJudged: 0 }),
    steps: [],
    recap: '',
    cleanup: { removed: [], problems: [], kept: { containers: [], processes: [] } },
  };
}

const summaryOf = (lang: string, n: number) =>
  renderReport(reportWith(lang, n), 'markdown', createTranslator(lang))
    .split('\n')
    .filter((l) => /\d/.test(l) && !l.startsWith('Lab') && !/^(Labo|Laboratorio|实验)/.test(l) && !l.startsWith('**R'));

describe("a report's count lines take each number's plural form", () => {
  it('French: "1 étape réussie", "1 réussie" for one; "2 étapes réussies", "2 réussies" for two', () => {
    expect(summaryOf('fr', 1).join('\n')).toContain('1 étape réussie, 0 en échec, 1 non évaluée, 0 ignorée (');
    expect(summaryOf('fr', 1).join('\n')).toContain('vérifications\u00a0: 1 réussie, 0 en échec, 1 non évaluée');
    expect(summaryOf('fr', 1).join('\n')).toContain('vérifications du nettoyage\u00a0: 1 réussie, 0 en échec, 0 non évaluée');
    expect(summaryOf('fr', 2).join('\n')).toContain('vérifications du nettoyage\u00a0: 2 réussies, 0 en échec, 0 non évaluée');
    expect(summaryOf('fr', 1).join('\n')).not.toMatch(/\b1 \S+es\b/);
  });

  it('Spanish: "1 paso superado", "1 superada"; "2 pasos superados", "2 superadas"', () => {
    expect(summaryOf('es', 1).join('\n')).toContain('1 paso superado, 0 fallidos, 1 sin evaluar, 0 omitidos');
    expect(summaryOf('es', 1).join('\n')).toContain('comprobaciones de la limpieza: 1 superada, 0 fallidas, 0 sin evaluar');
    expect(summaryOf('es', 2).join('\n')).toContain('comprobaciones de la limpieza: 2 superadas, 0 fallidas, 0 sin evaluar');
  });

  it('English and Chinese keep their one form for every number', () => {
    expect(summaryOf('en', 1).join('\n')).toContain('cleanup checks: 1 passed, 0 failed, 0 not judged');
    expect(summaryOf('zh-CN', 1).join('\n')).toContain('清理检查：通过 1，失败 0，未判定 0');
  });
});

describe('the end of a lab counts its steps in the plural form of their number', () => {
  it('"1 étape réussie sur 1" and "2 étapes réussies sur 3" (French agrees with the number passed), said the same on screen and to a screen reader', () => {
    const fr = (key: TallyMessage, passed: number, total: number) => tallyText(createTranslator('fr'), key, { passed, read: 0, total });
    expect(fr('ui.end.done', 1, 1)).toBe('Labo terminé\u00a0: 1 étape réussie sur 1.');
    expect(fr('ui.end.done', 2, 3)).toBe('Labo terminé\u00a0: 2 étapes réussies sur 3.');
    expect(fr('ui.end.done', 1, 3)).toBe('Labo terminé\u00a0: 1 étape réussie sur 3.');
    expect(fr('ui.end.done', 0, 3)).toBe('Labo terminé\u00a0: 0 étape réussie sur 3.');
    expect(fr('sr.labProgress', 1, 1)).toBe('1 étape réussie sur 1');
    expect(tallyText(createTranslator('es'), 'ui.end.done', { passed: 1, read: 0, total: 1 })).toBe(
      'Laboratorio terminado: 1 de 1 paso superado.',
    );
    expect(tallyText(createTranslator('en'), 'ui.end.done', { passed: 1, read: 0, total: 1 })).toBe('The lab is done: 1 of 1 step passed.');
  });
});

describe("a step read is counted among the lab's steps and said apart, in every language", () => {
  it('"7 of 8 steps passed, 1 read" on the end screen, the lab list and the resume question; nothing about reading when none was read', () => {
    const tally = { passed: 7, read: 1, total: 8 };
    const say = (lang: string, key: TallyMessage) => tallyText(createTranslator(lang), key, tally, { when: 'hier' });
    expect(say('en', 'ui.end.done')).toBe('The lab is done: 7 of 8 steps passed, 1 read.');
    expect(say('en', 'ui.home.progress')).toBe('7/8 steps passed, 1 read');
    expect(say('es', 'ui.end.done')).toBe('Laboratorio terminado: 7 de 8 pasos superados, 1 leído.');
    expect(say('fr', 'sr.labProgress')).toBe('7 étapes réussies sur 8, 1 lue');
    expect(say('zh-CN', 'ui.end.done')).toBe('实验完成：8 个步骤中通过 7 个，已读 1。');
    expect(tallyText(createTranslator('fr'), 'ui.end.done', { passed: 2, read: 2, total: 4 })).toBe(
      'Labo terminé\u00a0: 2 étapes réussies sur 4, 2 lues.',
    );
    expect(tallyText(createTranslator('en'), 'ui.resume.found', { passed: 2, read: 0, total: 5 }, { when: 'today' })).toBe(
      'You have saved progress from today: 2 of 5 steps passed.',
    );
  });
});

describe('the end names the steps neither passed nor read, so it adds up to the lab', () => {
  const shown = ['passed', 'failed', 'skipped', 'skipped', undefined, 'pending'] as const;
  it('in every language, each count in its plural form; nothing when every step passed or was read', () => {
    expect(restLine(createTranslator('en'), shown)).toBe('The other steps: 1 failed, 2 skipped, 2 not yet run.');
    expect(restLine(createTranslator('fr'), shown)).toBe('Les autres étapes\u00a0: 1 en échec, 2 ignorées, 2 pas encore exécutées.');
    expect(restLine(createTranslator('es'), shown)).toBe('Los demás pasos: 1 fallido, 2 omitidos, 2 aún sin ejecutar.');
    expect(restLine(createTranslator('zh-CN'), shown)).toBe('其余步骤：失败 1，跳过 2，尚未运行 2。');
    expect(restLine(createTranslator('en'), ['passed', 'read'])).toBeUndefined();
  });
});
