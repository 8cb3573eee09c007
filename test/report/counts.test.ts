import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import type { Report } from '../../src/report/build.js';
import { renderReport } from '../../src/report/formats.js';

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
  it('"1 sur 1 étape réussie" and "2 sur 3 étapes réussies", said the same on screen and to a screen reader', () => {
    const fr = createTranslator('fr');
    expect(fr('ui.end.done', { passed: 1, count: 1 })).toBe('Labo terminé\u00a0: 1 sur 1 étape réussie.');
    expect(fr('ui.end.done', { passed: 2, count: 3 })).toBe('Labo terminé\u00a0: 2 sur 3 étapes réussies.');
    expect(fr('sr.labProgress', { passed: 1, count: 1 })).toBe('1 sur 1 étape réussie');
    expect(createTranslator('es')('ui.end.done', { passed: 1, count: 1 })).toBe('Laboratorio terminado: 1 de 1 paso superado.');
    expect(createTranslator('en')('ui.end.done', { passed: 1, count: 1 })).toBe('The lab is done: 1 of 1 step passed.');
  });
});
