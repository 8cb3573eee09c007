import { Box, Text } from 'ink';
import type { SavedProgress } from '../../session/progress-file.js';
import { keysLabel } from '../keys/bindings.js';
import { paint, useLook } from '../theme.js';

/** Offered when a lab has saved progress: continue it (after re-checking) or start over. */
export function ResumePrompt({
  saved,
  passed,
  total,
  checking,
}: {
  saved: SavedProgress;
  passed: number;
  total: number;
  checking: boolean;
}) {
  const look = useLook();
  const { t } = look;
  const when = saved.savedAt ? new Date(saved.savedAt).toLocaleString(look.locale) : '?';
  return (
    <Box flexDirection="column" flexShrink={0} marginY={1}>
      <Text bold>{t('ui.resume.found', { when, passed, total })}</Text>
      {checking ? (
        <Text color={paint(look, 'accent')}>{t('ui.resume.checking')}</Text>
      ) : (
        <>
          <Text> {t('ui.resume.resumeKey', { keys: keysLabel('resume', t) })}</Text>
          <Text> {t('ui.resume.freshKey', { keys: keysLabel('fresh', t) })}</Text>
          <Text dimColor>{t('ui.resume.explain')}</Text>
        </>
      )}
    </Box>
  );
}
