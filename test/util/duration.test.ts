import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/util/duration.js';

type Ctor = new (locale: string, options: Record<string, unknown>) => { format(d: object): string };
const Native = (Intl as unknown as { DurationFormat?: Ctor }).DurationFormat;

const samples = [
  ...Array.from({ length: 12_000 }, (_, i) => i),
  ...Array.from({ length: 5_000 }, (_, i) => 9_000 + i * 3.7),
  ...Array.from({ length: 3_000 }, (_, i) => 55_000 + i * 997),
  ...[119_600, 3_600_000, 3_603_000, 86_399_999, 4_442_461_000, 0.4, 999.4, 999.5, 9_994.9, 9_995, 59_949, 59_950, -5, Number.NaN],
];
const mismatches = (pairs: [number, string, string][]) => pairs.filter(([, a, b]) => a !== b).map(([ms, a, b]) => `${ms}: ${a} / ${b}`);

describe('durations in English (written without Intl: its first formatter loads ICU data on every start)', () => {
  it("read as CLDR's short units say them: as Intl.NumberFormat and Intl.ListFormat write them", () => {
    expect(mismatches(samples.map((ms) => [ms, formatDuration(ms, 'en'), formatDuration(ms, 'en', null)]))).toEqual([]);
    expect([850, 2_410, 1_360, 12_300, 65_000, 3_603_000, 4_442_461_000].map((ms) => formatDuration(ms, 'en'))).toEqual([
      '850 ms',
      '2.41 sec',
      '1.36 sec',
      '12.3 sec',
      '1 min, 5 sec',
      '1 hr, 3 sec',
      '1,234 hr, 1 min, 1 sec',
    ]);
  });

  it('and as Intl.DurationFormat writes them, but for fractions of a second (its ICU truncates: 1.36 s reads "1.35 sec")', () => {
    expect(Native, 'this Node has Intl.DurationFormat').toBeDefined();
    // The same formatter under another name: formatDuration then asks it, as for any other language.
    class ViaIntl extends (Native!) {}
    const whole = samples.filter((ms) => !(Math.round(ms) >= 1000 && Math.round(ms) < 59_950));
    expect(mismatches(whole.map((ms) => [ms, formatDuration(ms, 'en'), formatDuration(ms, 'en', ViaIntl)]))).toEqual([]);
  });
});

describe('a duration under a millisecond', () => {
  it('reads "<1 ms" in every language, never "0 ms" (a step that ran took some time)', () => {
    expect([0, 0.4].map((ms) => formatDuration(ms, 'en'))).toEqual(['<1 ms', '<1 ms']);
    for (const locale of ['en', 'es', 'fr', 'zh-CN']) {
      expect(formatDuration(0.2, locale)).toBe(`<${formatDuration(1, locale)}`);
      expect(formatDuration(0.2, locale, null)).toBe(`<${formatDuration(1, locale, null)}`);
    }
    expect(formatDuration(0.5, 'en')).toBe('1 ms');
  });
});
