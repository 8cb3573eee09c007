import { Box, Text } from 'ink';
import type { LabText } from '../../lab/localize.js';
import { fillPlaceholders } from '../../lab/placeholders.js';
import type { CleanupPlan, Session } from '../../session/session.js';
import type { SessionState } from '../../session/state.js';
import { keysLabel } from '../keys/bindings.js';
import { renderMarkdown } from '../render/markdown.js';
import { sanitizeLine } from '../render/text.js';
import { paint, useLook } from '../theme.js';
import { CleanupCommands } from './CleanupCommands.js';

/**
 * The end of a lab: how it went, what it proved with this machine's own values, where that comes
 * from, and the offer to remove what it created (with the commands that removal runs).
 */
export function EndScreen({ session, state, text, plan, next }: { session: Session; state: SessionState; text: LabText; plan: CleanupPlan; next?: string | undefined }) {
  const look = useLook();
  const { t } = look;
  const steps = session.steps();
  const passed = steps.filter((s) => state.steps[s.id]?.status === 'passed').length;
  // This run's own values fill the recap; one never captured says so in words, never as {{name}}.
  const recap = text.recap && fillPlaceholders(text.recap, (name) => {
    const v = state.captures[name];
    return v ? sanitizeLine(v.value) : t('ui.end.notCaptured', { name });
  });
  const keeps = plan.commands.length + plan.containers.length + plan.processes.length > 0;
  return (
    <Box flexDirection="column" flexShrink={1}>
      <Text bold color={paint(look, passed === steps.length ? 'ok' : 'warn')}>{t('ui.end.done', { passed, total: steps.length })}</Text>
      {recap && (
        <Box flexDirection="column" marginTop={1} flexShrink={1}>
          <Text bold>{t('ui.end.proved')}</Text>
          {renderMarkdown(recap, Math.min(look.columns, 100) - 2, look.color).map((l, i) => <Text key={i}>{l}</Text>)}
        </Box>
      )}
      {session.lab.sources.length > 0 && (
        <Box flexDirection="column" marginTop={1} flexShrink={0}>
          {session.lab.sources.map((s, i) => (
            <Text key={i} dimColor wrap="truncate-end">{sanitizeLine(t('ui.end.source', { title: s.title, url: s.url ?? '' }))}</Text>
          ))}
        </Box>
      )}
      <Box flexDirection="column" marginTop={1} flexShrink={0}>
        {keeps
          ? (
            <>
              <Text>{t('ui.end.removeKey', { keys: keysLabel('remove', t) })}</Text>
              <CleanupCommands plan={plan} />
            </>
          )
          : <Text dimColor>{t('ui.end.nothingLeft')}</Text>}
        {next && <Text>{sanitizeLine(t('ui.end.next', { title: next }))}</Text>}
        <Text>{t('ui.end.labsKey', { keys: keysLabel('labs', t) })}</Text>
      </Box>
    </Box>
  );
}

