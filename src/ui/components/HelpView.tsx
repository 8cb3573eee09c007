import { CONTEXTS, EDITION_COMMANDS, keysLabel, type Command } from '../keys/bindings.js';
import { helpSafetyKey, helpWordKey, inHelp } from '../keys/help.js';
import type { ResultLine } from '../render/results.js';
import { wrapLine } from '../render/wrap.js';
import { useLook } from '../theme.js';
import { ResultsView } from './ResultsView.js';

/**
 * Every key of the screen the learner came from, generated from the bindings table. It has the
 * body's rows and no more: longer than the screen, it scrolls (PgDn / PgUp, named in the footer) with
 * a marker saying what is below, so the Ctrl+C line and how to close it are never cut off unseen.
 * A description that wraps keeps a hanging indent under its own column.
 */
export function HelpView({
  context,
  readOnly = false,
  shells = 1,
  height,
  scroll,
  onMeasure,
}: {
  context: 'home' | 'lab';
  readOnly?: boolean;
  shells?: number;
  height: number;
  scroll: number;
  onMeasure: (max: number, page: number) => void;
}) {
  const look = useLook();
  const { t } = look;
  // In a lab opened for reading nothing runs: the run keys are left out rather than listed uselessly,
  // and Enter reads on (keys/help.ts). A lab with one shell here has no other edition: the shell key
  // is not listed.
  const commands = (CONTEXTS[context] as readonly Command[])
    .filter((c) => inHelp(c, context, readOnly))
    .filter((c) => !(shells < 2 && EDITION_COMMANDS.includes(c)));
  const rows = commands.map(
    (c) => [keysLabel(c as (typeof CONTEXTS)[typeof context][number], t), t(helpWordKey(c, context, readOnly))] as const,
  );
  const keyWidth = Math.max(...rows.map(([k]) => k.length));
  const columns = Math.max(20, look.columns);
  const lines: ResultLine[] = [{ text: t(`ui.help.title.${context}`), indent: 0, kind: 'note', bold: true }];
  const say = (text: string, indent: number, extra: Partial<ResultLine> = {}) =>
    wrapLine(text, Math.max(10, columns - indent)).forEach((l) => lines.push({ text: l, indent, kind: 'note', ...extra }));
  for (const [keys, what] of rows) {
    const hang = 2 + keyWidth + 2;
    wrapLine(what, Math.max(10, columns - hang)).forEach((l, i) =>
      lines.push({ text: i ? l : `${keys.padEnd(keyWidth)}  ${l}`, indent: i ? hang : 2, kind: 'note' }),
    );
  }
  lines.push({ text: '', indent: 0, kind: 'note' });
  say(t(helpSafetyKey(readOnly)), 0);
  say(t('ui.help.close'), 0, { dim: true });
  return <ResultsView lines={lines} scroll={scroll} height={Math.max(3, height)} onMeasure={onMeasure} endKey="ui.help.top" />;
}
