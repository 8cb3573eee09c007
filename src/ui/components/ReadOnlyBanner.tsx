import { Box, Text } from 'ink';
import type { OpenedRun } from '../../session/open-run.js';
import { useLook } from '../theme.js';
import { Banner } from './Banner.js';

/** Why nothing runs, when nothing runs: asked for, another platform, or the machine is not ready. */
export function ReadOnlyBanner({ opened, flag }: { opened: OpenedRun | undefined; flag: boolean }) {
  const { t, rows } = useLook();
  const compact = rows < 30;
  if (!opened) return flag ? <Banner compact={compact}>{t('ui.readOnly.home')}</Banner> : null;
  const mode = opened.mode;
  if (mode.kind === 'run') return null;
  if (mode.why === 'flag') return <Banner compact={compact}>{t('run.readOnlyBanner')}</Banner>;
  if (mode.why === 'platform') {
    return (
      <Banner compact={compact}>
        {t('ui.readOnly.platform', { platforms: opened.edition.lab.platforms.join(', '), host: mode.host ?? process.platform })}
      </Banner>
    );
  }
  const missing = mode.report.items.filter((i) => !i.ok);
  // A short terminal gets the list of what is missing; the lab list (Esc) says how to fix each.
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Banner compact={compact}>{t('ui.readOnly.requirements', { count: missing.length })}</Banner>
      {compact ? (
        <Text wrap="truncate-end">✘ {missing.map((i) => t(i.label.key, i.label.params)).join(', ')}</Text>
      ) : (
        missing.map((i) => (
          <Box key={i.id}>
            <Box width={2} flexShrink={0}>
              <Text>✘</Text>
            </Box>
            <Text>
              {t(i.label.key, i.label.params)}
              {i.fix ? ` — ${t('ui.preflight.fix', { fix: i.fix })}` : ''}
            </Text>
          </Box>
        ))
      )}
    </Box>
  );
}
