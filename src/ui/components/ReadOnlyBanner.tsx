import { Box, Text } from 'ink';
import type { OpenedRun } from '../../session/open-run.js';
import { bannerLines, compactBanner, readOnlyBannerText } from '../render/read-only-banner.js';
import { wrapLine } from '../render/wrap.js';
import { useLook } from '../theme.js';
import { Banner } from './Banner.js';

/**
 * Why nothing runs, when nothing runs: asked for, another platform, or the machine is not ready.
 * Wrapped here, at the width the layout counted it (render/read-only-banner.ts), not by ink.
 */
export function ReadOnlyBanner({ opened, flag }: { opened: OpenedRun | undefined; flag: boolean }) {
  const { t, rows, columns } = useLook();
  const banner = readOnlyBannerText(opened, flag, t);
  if (!banner) return null;
  const compact = compactBanner(rows);
  const text = bannerLines(banner.text, columns).join('\n');
  if (!banner.missing.length) return <Banner compact={compact}>{text}</Banner>;
  // A short terminal gets the list of what is missing; the lab list (Esc) says how to fix each.
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Banner compact={compact}>{text}</Banner>
      {compact ? (
        <Text wrap="truncate-end">✘ {banner.missing.map((m) => m.label).join(', ')}</Text>
      ) : (
        banner.missing.map((m, i) => (
          <Box key={i}>
            <Box width={2} flexShrink={0}>
              <Text>✘</Text>
            </Box>
            <Text>{wrapLine(m.fix ? `${m.label} — ${m.fix}` : m.label, Math.max(10, columns - 2)).join('\n')}</Text>
          </Box>
        ))
      )}
    </Box>
  );
}
