import { describe, expect, test } from 'vitest';
import type { PreflightItem, PreflightReport } from '../../src/host/preflight.js';
import { engineDown, homeSuggestion } from '../../src/ui/home-suggestion.js';
import { reportKey, type LabEntry } from '../../src/ui/labs.js';

/** Home's "no engine answers" suggestion, from preflight reports only (no lab id is special). */

const entry = (file: string): LabEntry => ({ file, id: file, edition: { platform: 'linux', shell: 'sh' } });
const item = (id: string, ok: boolean, extra: Partial<PreflightItem> = {}): PreflightItem => ({ id, ok, label: { key: id }, ...extra });
const report = (...items: PreflightItem[]): PreflightReport => ({ platform: 'linux', ok: items.every((i) => i.ok || i.steps), items });

const engineLab = report(item('docker-cli', true), item('docker-engine', false));
const noCli = report(item('docker-cli', false), item('docker-engine', false, { unchecked: true }));
const noEngineNeeded = report(item('command:unshare', true));
const entries = [entry('a.md'), entry('b.md'), entry('c.md')];
const reports = (...rs: (PreflightReport | undefined)[]) =>
  new Map(rs.flatMap((r, i) => (r ? [[reportKey(entries[i]!), r] as const] : [])));

describe('home suggestion', () => {
  test('when the engine does not answer, the labs whose preflight passes are suggested, in list order', () => {
    expect(homeSuggestion(entries, reports(engineLab, noEngineNeeded, engineLab))).toEqual({ ready: [1] });
    expect(homeSuggestion(entries, reports(noCli, noEngineNeeded, noEngineNeeded))).toEqual({ ready: [1, 2] });
  });

  test('nothing is suggested while the engine answers, or before any report says it does not', () => {
    expect(homeSuggestion(entries, reports(report(item('docker-engine', true)), noEngineNeeded))).toBeUndefined();
    expect(homeSuggestion(entries, reports(undefined, noEngineNeeded))).toBeUndefined();
  });

  test('no engine and nothing that runs without one: said, with no lab to suggest', () => {
    expect(homeSuggestion(entries, reports(engineLab, noCli))).toEqual({ ready: [] });
  });

  test('an engine needed only by some steps (the lab still runs) is not "no engine"', () => {
    expect(engineDown(report(item('command:ps', true), item('docker-engine', false, { steps: ['start'] })))).toBe(false);
    expect(engineDown(noCli)).toBe(true);
  });

  test('a report for another shell of the same lab is not read for this one', () => {
    const ps = { ...entries[1]!, edition: { platform: 'linux' as const, shell: 'powershell' as const } };
    expect(homeSuggestion([entries[0]!, ps], reports(engineLab, noEngineNeeded))).toEqual({ ready: [] });
  });
});
