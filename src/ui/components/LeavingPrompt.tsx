import { Box } from 'ink';
import type { CleanupPlan } from '../../session/session.js';
import type { Shell } from '../../lab/model.js';
import { shellName } from '../editions.js';
import { keysLabel } from '../keys/bindings.js';
import { useLook } from '../theme.js';
import { CleanupCommands } from './CleanupCommands.js';
import { KeyLine } from './KeyLine.js';
import { Wrapped } from './Wrapped.js';

/**
 * Leaving a lab that created something: it keeps running unless the learner, having read the exact
 * commands a removal runs, presses the remove key. Nothing is removed by leaving.
 */
export function LeavingPrompt({ plan, quitting, toShell }: { plan: CleanupPlan; quitting: boolean; toShell?: Shell | undefined }) {
  const { t } = useLook();
  const kept = [
    ...plan.containers.map((name) => t('cleanup.container', { name })),
    ...plan.processes.map((p) => t('cleanup.process', { pid: p.pid, comm: p.comm })),
  ];
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Wrapped bold>
        {toShell ? t('ui.leave.titleShell', { shell: shellName(toShell) }) : t(quitting ? 'ui.leave.titleQuit' : 'ui.leave.title')}
      </Wrapped>
      {kept.length ? (
        <Wrapped>{t('ui.leave.keeps', { what: kept.join(t('list.separator')) })}</Wrapped>
      ) : (
        <Wrapped>{t('ui.leave.keepsNothing')}</Wrapped>
      )}
      <KeyLine>{t('ui.leave.keepKey', { keys: keysLabel('keep', t) })}</KeyLine>
      <KeyLine>{t('ui.leave.removeKey', { keys: keysLabel('remove', t) })}</KeyLine>
      <CleanupCommands plan={plan} />
      <KeyLine>{t('ui.leave.stayKey', { keys: keysLabel('stay', t) })}</KeyLine>
    </Box>
  );
}
