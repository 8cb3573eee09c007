import { Text } from 'ink';
import { displayWidth } from '../render/wrap.js';
import { useLook } from '../theme.js';

/**
 * The last line of a region that scrolls: what is below and its key ("↓ 12 more lines of the
 * command: m shows them"), with how many lines are above once scrolled ("↑ 6 lines above · ↓ …"), or
 * at the end how to go back. Both counts are lines and each says so. `below` may give shorter forms
 * after the full one: the first form that fits is shown ("↑ 6 lines · ↓ 9 lines · PgDn / j" at 60
 * columns), so the key stays on screen whole; only when none fits is the line cut, with its "…".
 */
export function ScrollMarker({
  above,
  below,
  end,
  width,
}: {
  above: number;
  below: string | readonly string[] | undefined;
  end: string;
  width?: number;
}) {
  const look = useLook();
  const { t } = look;
  const columns = width ?? look.columns;
  const forms = typeof below === 'string' ? [below] : below;
  let candidates: string[];
  if (forms === undefined || forms.length === 0) candidates = [`↑ ${end}`];
  else if (above <= 0) candidates = forms.map((b) => `↓ ${b}`);
  else {
    const long = t('ui.scroll.above', { count: above });
    const short = t('ui.scroll.lines', { count: above });
    candidates = [`↑ ${long} · ↓ ${forms[0]}`, ...forms.map((b) => `↑ ${short} · ↓ ${b}`)];
  }
  const text = candidates.find((c) => displayWidth(c) <= columns) ?? candidates.at(-1)!;
  return (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );
}
