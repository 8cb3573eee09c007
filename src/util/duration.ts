const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Parses "500ms", "30s", "2m", "1.5s" or a plain number of milliseconds. Returns undefined when invalid. */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(input);
  if (!m) return undefined;
  const unit = UNITS[m[2] ?? 'ms'];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

/** "850 ms", "2.41 s", "1 min 5 s" — with the locale's decimal separator ("2,41 s" in French). */
export function formatDuration(ms: number, locale = 'en'): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const digits = ms < 10_000 ? 2 : 1;
    return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ms / 1000)} s`;
  }
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}
