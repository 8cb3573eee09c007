const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Parses "500ms", "30s", "2m", "1.5s" or a plain number of milliseconds. Returns undefined when invalid. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(input);
  if (!m) return undefined;
  const unit = UNITS[m[2] ?? 'ms'];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

type Parts = { hours?: number; minutes?: number; seconds?: number; milliseconds?: number };
type DurationFormatCtor = new (locale: string, options: Record<string, unknown>) => { format(d: Parts): string };
const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatCtor }).DurationFormat;

/**
 * "850 ms", "2.41 sec", "1 min, 5 sec" in English; "2,41 s", "1 min et 5 s" in French; "1分钟5秒" in
 * Chinese: CLDR's short units, through Intl.DurationFormat where Node has it (22 has not) and the same
 * words from Intl.NumberFormat + Intl.ListFormat otherwise. Rounded once, before it is split into units,
 * so 119.6 s is "2 min", never "1 min 60 s".
 */
export function formatDuration(ms: number, locale = 'en', native: DurationFormatCtor | null = DurationFormat ?? null): string {
  // Under half a millisecond rounds to "0 ms", which reads as "took no time" (or did not run): "<1 ms".
  const text = Math.round(ms) >= 1 ? formatCldr(ms, locale, native) : `<${formatCldr(1, locale, native)}`;
  // Chinese sets a space between a number and a Chinese unit, as between any Chinese and Latin
  // text (docs/glossary/zh-CN.md): "2.41 秒", "1 分钟 5 秒"; CLDR writes them together.
  return locale.startsWith('zh') ? text.replace(/(\d)(?=\p{Script=Han})/gu, '$1 ').replace(/(\p{Script=Han})(?=\d)/gu, '$1 ') : text;
}

function formatCldr(ms: number, locale: string, native: DurationFormatCtor | null): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0;
  // English is written here, as CLDR writes it (test/util/duration.test.ts compares the two): the
  // first Intl formatter a process makes loads ICU's data, tens of milliseconds of CPU on every run
  // that prints its summary, the only duration most runs show.
  if (locale === 'en' && native && native === DurationFormat) return english(ms);
  if (Math.round(ms) < 1000) return format({ milliseconds: Math.round(ms) }, 0);
  const digits = ms < 9_995 ? 2 : 1;
  const step = 10 ** (3 - digits);
  const rounded = Math.round(ms / step) * step;
  if (rounded < 60_000) return format({ seconds: Math.floor(rounded / 1000), milliseconds: rounded % 1000 }, digits);
  const total = Math.round(ms / 1000);
  const parts: Parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
  return format(parts, 0);

  function format(d: Parts, fractionalDigits: number): string {
    if (native) {
      // "0 ms" rather than an empty string: DurationFormat leaves zero units out unless told.
      const options = fractionalDigits
        ? { style: 'short', milliseconds: 'numeric', fractionalDigits }
        : { style: 'short', millisecondsDisplay: d.milliseconds === 0 ? 'always' : 'auto' };
      return formatter(native, locale, options).format(d);
    }
    const unit = (name: string, value: number, fd = 0) =>
      formatter(Intl.NumberFormat, locale, {
        style: 'unit',
        unit: name,
        unitDisplay: 'short',
        minimumFractionDigits: fd,
        maximumFractionDigits: fd,
      }).format(value);
    if (fractionalDigits) return unit('second', (d.seconds ?? 0) + (d.milliseconds ?? 0) / 1000, fractionalDigits);
    // Zero units are left out, as DurationFormat's default display does.
    const shown = (['hours', 'minutes', 'seconds', 'milliseconds'] as const).filter((k) => d[k]);
    if (!shown.length) return unit('millisecond', 0);
    return formatter(Intl.ListFormat, locale, { type: 'unit', style: 'short' }).format(shown.map((k) => unit(k.slice(0, -1), d[k]!)));
  }
}

/** formatCldr's English, without Intl: "850 ms", "2.41 sec", "12.3 sec", "1 hr, 3 sec", "1,234 hr". */
function english(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const digits = ms < 9_995 ? 2 : 1;
  const step = 10 ** (3 - digits);
  const rounded = Math.round(ms / step) * step;
  if (rounded < 60_000) return `${(rounded / 1000).toFixed(digits)} sec`;
  const total = Math.round(ms / 1000);
  const units: [number, string][] = [
    [Math.floor(total / 3600), 'hr'],
    [Math.floor((total % 3600) / 60), 'min'],
    [total % 60, 'sec'],
  ];
  return units
    .filter(([n]) => n)
    .map(([n, unit]) => `${String(n).replace(/\B(?=(\d{3})+$)/g, ',')} ${unit}`)
    .join(', ');
}

type Ctor<F> = new (locale: string, options: never) => F;
const formatters = new WeakMap<object, Map<string, unknown>>();

/**
 * One Intl formatter per kind, language and options: making one costs a fraction of a millisecond,
 * and a run's summary formats a duration per step (200 steps: 80 ms of making the same few again).
 */
function formatter<F>(ctor: Ctor<F>, locale: string, options: object): F {
  let byKey = formatters.get(ctor);
  if (!byKey) {
    byKey = new Map();
    formatters.set(ctor, byKey);
  }
  const key = `${locale}\0${JSON.stringify(options)}`;
  let f = byKey.get(key) as F | undefined;
  if (!f) {
    f = new ctor(locale, options as never);
    byKey.set(key, f);
  }
  return f;
}
