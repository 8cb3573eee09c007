import { expect, test } from 'vitest';
import { seeCommand, seenWhole, type CommandSeen } from '../../../src/ui/driver/command-seen.js';

/** Enter runs a command only once every line of it has been on screen. */

const shown = (top: number, page: number, over: Partial<Parameters<typeof seeCommand>[1]> = {}) => ({
  stepId: 's1',
  code: 'echo 1',
  lines: 12,
  top,
  page,
  ...over,
});

test('a command that fits its box is seen whole at once', () => {
  expect(seenWhole(seeCommand(undefined, shown(0, 12)), 's1', 'echo 1')).toBe(true);
});

test('a taller command is seen whole once its pages have covered every line', () => {
  let seen: CommandSeen = seeCommand(undefined, shown(0, 5));
  expect(seenWhole(seen, 's1', 'echo 1')).toBe(false);
  seen = seeCommand(seen, shown(5, 5));
  expect(seenWhole(seen, 's1', 'echo 1')).toBe(false);
  seen = seeCommand(seen, shown(7, 5));
  expect(seenWhole(seen, 's1', 'echo 1')).toBe(true);
  // Back at the top, what was seen stays seen.
  expect(seenWhole(seeCommand(seen, shown(0, 5)), 's1', 'echo 1')).toBe(true);
});

test('another step, another command or another wrapping starts the count again', () => {
  const whole = seeCommand(undefined, shown(0, 12));
  expect(seenWhole(seeCommand(whole, shown(0, 5, { stepId: 's2' })), 's2', 'echo 1')).toBe(false);
  expect(seenWhole(seeCommand(whole, shown(0, 5, { code: 'echo 2' })), 's1', 'echo 2')).toBe(false);
  expect(seenWhole(seeCommand(whole, shown(0, 5, { lines: 20 })), 's1', 'echo 1')).toBe(false);
  // Asked about a command other than the one seen: not seen.
  expect(seenWhole(whole, 's1', 'echo 2')).toBe(false);
});

test('the screen opened further down (a resize) leaves the lines above unseen', () => {
  const seen = seeCommand(undefined, shown(7, 5));
  expect(seenWhole(seen, 's1', 'echo 1')).toBe(false);
});
