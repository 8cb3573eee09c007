/**
 * Which lines of the command the learner has had on screen. Enter (and r) run a command only once
 * every line of it, as it will run, has been shown: a command taller than its box scrolls (m), and
 * the lines scrolled past are remembered here. Another step, another command (a value captured
 * since) or another wrapping (the terminal was resized) starts the count again.
 */
export interface CommandSeen {
  stepId: string | undefined;
  code: string | undefined;
  /** Screen lines of the command box at the time. */
  lines: number;
  /** The lines seen, as one range [from, through). */
  from: number;
  through: number;
}

/** What the screen shows now: the command box's lines `top` to `top + page` of `lines`. */
export interface CommandShown {
  stepId: string | undefined;
  code: string | undefined;
  lines: number;
  top: number;
  page: number;
}

export function seeCommand(prev: CommandSeen | undefined, shown: CommandShown): CommandSeen {
  const top = Math.max(0, Math.min(shown.top, shown.lines));
  const end = Math.min(shown.lines, top + Math.max(0, shown.page));
  const same = prev && prev.stepId === shown.stepId && prev.code === shown.code && prev.lines === shown.lines;
  // Pages never skip a line (m moves one page at a time), so what was seen stays one range.
  if (same && top <= prev.through && end >= prev.from)
    return { ...prev, from: Math.min(prev.from, top), through: Math.max(prev.through, end) };
  return { stepId: shown.stepId, code: shown.code, lines: shown.lines, from: top, through: end };
}

/** Every line of this command has been on screen. */
export function seenWhole(seen: CommandSeen | undefined, stepId: string | undefined, code: string | undefined): boolean {
  return !!seen && seen.stepId === stepId && seen.code === code && seen.from === 0 && seen.through >= seen.lines;
}
