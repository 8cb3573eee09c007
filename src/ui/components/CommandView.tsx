import { Box, Text } from 'ink';
import type { Session } from '../../session/session.js';
import { paint, useLook } from '../theme.js';
import { printable } from '../../util/printable.js';

type Preview = ReturnType<Session['preview']>;

/**
 * The command exactly as Enter would run it (captured values quoted in) — or, while it runs, as it is
 * running — under a label that says so. Never truncated: the learner must see all of what runs.
 */
export function CommandView({ preview, running, readOnly, ran }: { preview: Preview; running?: string | undefined; readOnly: boolean; ran: boolean }) {
  const look = useLook();
  const { t } = look;
  if (running !== undefined && running !== '') return <Code label={t('ui.command.running')} code={running} />;
  if (!preview) return <Box flexShrink={0}><Text dimColor>{t('session.readingStep')}</Text></Box>;
  if (!preview.ok) {
    return (
      <Box flexShrink={0}>
        <Text color={paint(look, 'warn')}>⚠ {t(preview.reason.key, preview.reason.params)}</Text>
      </Box>
    );
  }
  const label = readOnly ? t('ui.command.notRun') : ran ? t('ui.command.rerun') : t('ui.command.willRun');
  return <Code label={label} code={preview.code} />;
}

function Code({ label, code }: { label: string; code: string }) {
  const look = useLook();
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text dimColor>{label}</Text>
      {code.split('\n').map((line, i) => (
        <Box key={i}>
          <Box width={2} flexShrink={0}><Text color={paint(look, 'accent')} bold>{i === 0 ? '$' : ''}</Text></Box>
          <Text color={paint(look, 'accent')} bold>{printable(line)}</Text>
        </Box>
      ))}
    </Box>
  );
}
