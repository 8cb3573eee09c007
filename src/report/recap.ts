import { fillPlaceholders, placeholdersIn } from '../value/placeholders.js';

/**
 * The lab's recap (Markdown), restated with this run's own values. A recap says what *this machine
 * just showed*: a block (a list item with its continuation lines, or a paragraph) that needs a value
 * this run did not capture says nothing true here, so it is left out — never shown with a capture's
 * name or a placeholder. Undefined when nothing of the recap is left. The TUI's end screen and the
 * reports both use this, so the two always say the same.
 */
export function recapOf(
  recap: string | undefined,
  captures: Readonly<Record<string, { value: string }>>,
  show: (value: string) => string = (v) => v,
): string | undefined {
  if (!recap) return undefined;
  const kept = recapBlocks(recap).filter((block) => placeholdersIn(block).every((name) => captures[name] !== undefined));
  if (!kept.some((b) => b.trim())) return undefined;
  return fillPlaceholders(kept.join('\n'), (name) => show(captures[name]!.value)).trim() || undefined;
}

const ITEM = /^\s{0,3}(?:[-*+]|\d+[.)])\s/;

/** Splits Markdown into blocks: each list item with the lines that continue it, each paragraph; blank lines kept apart. */
function recapBlocks(md: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of md.split('\n')) {
    if (!line.trim()) {
      flush();
      blocks.push('');
    } else if (ITEM.test(line)) {
      flush();
      current.push(line);
    } else current.push(line);
  }
  flush();
  return blocks;
}
