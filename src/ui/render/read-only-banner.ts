import type { Translate } from '../../i18n/translate.js';
import type { OpenedRun } from '../../session/open-run.js';
import { wrapLine } from './wrap.js';
import { hostPlatform } from '../../host/platform.js';
import { platformName } from '../editions.js';

/**
 * The read-only banner's words and its rows, for the banner (components/ReadOnlyBanner.tsx) and the
 * layout's row budget alike: counted as the text wraps at this width, so a banner that takes three rows
 * in French at 60 columns is budgeted three, and no row of the step below is pushed off unmarked.
 */
export interface BannerText {
  text: string;
  /** What this machine is missing, when that is why nothing runs. */
  missing: { label: string; fix?: string }[];
}

export function readOnlyBannerText(opened: OpenedRun | undefined, flag: boolean, t: Translate): BannerText | undefined {
  if (!opened) return flag ? { text: t('ui.readOnly.home'), missing: [] } : undefined;
  const mode = opened.mode;
  if (mode.kind === 'run') return undefined;
  if (mode.why === 'flag') return { text: t('run.readOnlyBanner'), missing: [] };
  if (mode.why === 'platform')
    return {
      text: t('ui.readOnly.platform', {
        platforms: opened.edition.lab.platforms.map(platformName).join(t('list.separator')),
        host: ((h) => (h ? platformName(h) : process.platform))(mode.host ?? hostPlatform()),
      }),
      missing: [],
    };
  const missing = mode.report.items.filter((i) => !i.ok);
  return {
    text: t('ui.readOnly.requirements', { count: missing.length }),
    missing: missing.map((i) => ({
      label: t(i.label.key, i.label.params),
      ...(i.fix ? { fix: t('ui.preflight.fix', { fix: i.fix }) } : {}),
    })),
  };
}

/** A short terminal (under 30 rows) gets the banner without its rules, and what is missing on one line. */
export const compactBanner = (rows: number): boolean => rows < 30;

/** The banner's text as screen lines at this width. */
export const bannerLines = (text: string, columns: number): string[] => wrapLine(text, Math.max(10, columns));

/** The rows the banner takes on a screen of this size. */
export function bannerRows(banner: BannerText | undefined, size: { columns: number; rows: number }): number {
  if (!banner) return 0;
  const text = bannerLines(banner.text, size.columns).length;
  if (compactBanner(size.rows)) return text + (banner.missing.length ? 1 : 0);
  const item = (m: BannerText['missing'][number]) =>
    wrapLine(m.fix ? `${m.label} — ${m.fix}` : m.label, Math.max(10, size.columns - 2)).length;
  return text + 2 + banner.missing.reduce((n, m) => n + item(m), 0);
}
