import { Text } from 'ink';
import { displayWidth } from '../render/wrap.js';
import { useLook } from '../theme.js';

/**
 * The last line of a region that scrolls: what is below and its key ("↓ 12 more lines of the
 * command: m shows them"), with how much is above once scrolled ("↑ 6 above · ↓ …"), or at the end
 * how to go back. Shortened to fit, the counts and the key go last to be cut.
 */
export function ScrollMarker({ above, below, end, width }: { above: number; below: string | undefined; end: string; width?: number }) {
  const look = useLook();
  const { t } = look;
  const columns = width ?? look.columns;
  let text: string;
  if (below === undefined) text = `↑ ${end}`;
  else if (above <= 0) text = `↓ ${below}`;
  else {
    text = `↑ ${t('ui.scroll.above', { count: above })} · ↓ ${below}`;
    if (displayWidth(text) > columns) text = `↑ ${above} · ↓ ${below}`;
  }
  return (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );
}
