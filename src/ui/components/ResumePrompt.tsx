import { Box } from 'ink';
import type { SavedProgress } from '../../session/progress-file.js';
import { keepsAnything, type StillThere } from '../../session/still-there.js';
import { stillThereWords } from '../driver/notices.js';
import { keysLabel } from '../keys/bindings.js';
import { paint, useLook } from '../theme.js';
import type { CleanupPlan } from '../../session/session.js';
import { tallyText } from '../../report/counts.js';
import { CleanupCommands } from './CleanupCommands.js';
import { KeyLine } from './KeyLine.js';
import { Wrapped } from './Wrapped.js';

/**
 * Offered when a lab has saved progress: continue it (after re-checking) or start over. Starting over
 * first removes what the earlier run keeps, with the commands shown here: pressing f agrees to them.
 */
export function ResumePrompt({
  saved,
  passed,
  read,
  total,
  checking,
  removing,
  keeps,
  removal,
}: {
  saved: SavedProgress;
  passed: number;
  read: number;
  total: number;
  checking: boolean;
  removing: boolean;
  keeps: StillThere;
  removal?: CleanupPlan | undefined;
}) {
  const look = useLook();
  const { t } = look;
  const when = saved.savedAt ? new Date(saved.savedAt).toLocaleString(look.locale) : '?';
  // What that run keeps running is named here, before the learner chooses (starting over leaves it).
  const what = keepsAnything(keeps)
    ? stillThereWords(keeps)
        .map((m) => t(m.key, m.params))
        .join(t('list.separator'))
    : undefined;
  return (
    <Box flexDirection="column" flexShrink={0} marginY={1}>
      <Wrapped bold>{tallyText(t, 'ui.resume.found', { passed, read, total }, { when })}</Wrapped>
      {what ? <Wrapped>{t('ui.resume.keeps', { what })}</Wrapped> : null}
      {checking || removing ? (
        <Wrapped color={paint(look, 'accent')}>{t(removing ? 'ui.resume.removing' : 'ui.resume.checking')}</Wrapped>
      ) : (
        <>
          <KeyLine indent={1}>{t('ui.resume.resumeKey', { keys: keysLabel('resume', t) })}</KeyLine>
          <KeyLine indent={1}>
            {t(removal ? 'ui.resume.freshKeyRemoves' : what ? 'ui.resume.freshKeyKeeps' : 'ui.resume.freshKey', {
              keys: keysLabel('fresh', t),
            })}
          </KeyLine>
          {removal ? <CleanupCommands plan={removal} /> : null}
          <Wrapped dimColor>{t('ui.resume.explain')}</Wrapped>
        </>
      )}
    </Box>
  );
}
