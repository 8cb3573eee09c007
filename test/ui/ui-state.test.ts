import { describe, expect, test } from 'vitest';
import { windowOf } from '../../src/ui/components/StepList.js';
import { initialUiState, uiReducer, type UiAction, type UiState } from '../../src/ui/state/ui-state.js';

const run = (...actions: UiAction[]): UiState => actions.reduce(uiReducer, initialUiState);

describe('UI state', () => {
  test('moving stops at the first and last step', () => {
    expect(run({ type: 'openedLab' }, { type: 'moveStep', delta: -1, count: 5 }).stepIndex).toBe(0);
    expect(run({ type: 'openedLab', stepIndex: 4 }, { type: 'moveStep', delta: 1, count: 5 }).stepIndex).toBe(4);
    expect(run({ type: 'moveLab', delta: 1, count: 2 }, { type: 'moveLab', delta: 1, count: 2 }).labIndex).toBe(1);
  });

  test('each h unfolds one more hint, and after the last folds them all', () => {
    const h = { type: 'toggleHint', available: 2 } as const;
    expect([run(h), run(h, h), run(h, h, h)].map((s) => s.hintsShown)).toEqual([1, 2, 0]);
  });

  test('moving to another step folds its hints and scrolls its prose back to the top', () => {
    const s = run(
      { type: 'openedLab' },
      { type: 'toggleHint', available: 1 },
      { type: 'scrollProse', delta: 5, max: 10 },
      { type: 'moveStep', delta: 1, count: 3 },
    );
    expect(s).toMatchObject({ stepIndex: 1, hintsShown: 0, proseScroll: 0 });
  });

  test('scrolling stays within the text', () => {
    expect(run({ type: 'scrollProse', delta: 50, max: 7 }).proseScroll).toBe(7);
    expect(run({ type: 'scrollProse', delta: 3, max: 7 }, { type: 'scrollProse', delta: -10, max: 7 }).proseScroll).toBe(0);
  });

  test('the help opens and closes; leaving for the lab list closes it too', () => {
    expect(run({ type: 'toggleHelp' }).helpOpen).toBe(true);
    expect(run({ type: 'toggleHelp' }, { type: 'toggleHelp' }).helpOpen).toBe(false);
    expect(run({ type: 'openedLab' }, { type: 'toggleHelp' }, { type: 'backHome' })).toMatchObject({ screen: 'home', helpOpen: false });
  });

  test('a notice lasts until dismissed', () => {
    const notice = { tone: 'info' as const, lines: [{ key: 'ui.notice.noHint' }] };
    expect(run({ type: 'notify', notice }).notice).toEqual(notice);
    expect(run({ type: 'notify', notice }, { type: 'dismissNotice' }).notice).toBeUndefined();
  });

  test('"a step is running" goes when the step ends; a notice about something else stays', () => {
    const busy: UiAction = { type: 'notify', notice: { tone: 'warn', lines: [{ key: 'ui.notice.busy' }] } };
    expect(run(busy, { type: 'stepEnded' }).notice).toBeUndefined();
    const said = { tone: 'info' as const, lines: [{ key: 'ui.language.switched' }] };
    expect(run({ type: 'notify', notice: said }, { type: 'stepEnded' }).notice).toEqual(said);
  });

  test('a cancel request lasts until the step ends', () => {
    expect(run({ type: 'cancelRequested' }).cancelRequested).toBe(true);
    expect(run({ type: 'cancelRequested' }, { type: 'stepEnded' }).cancelRequested).toBe(false);
  });
});

describe('the step list window', () => {
  test('keeps the selected step in view and says how many are hidden at each end', () => {
    // 11 steps in 5 lines.
    expect(windowOf(11, 0, 5)).toEqual({ start: 0, room: 4 }); // 4 steps, then "↓ 7 more"
    expect(windowOf(11, 5, 5)).toEqual({ start: 4, room: 3 }); // "↑ 4 more", 3 steps, "↓ 4 more"
    expect(windowOf(11, 10, 5)).toEqual({ start: 7, room: 4 }); // "↑ 7 more", the last 4
    expect(windowOf(4, 3, 5)).toEqual({ start: 0, room: 4 });
    for (let selected = 0; selected < 11; selected++) {
      const { start, room } = windowOf(11, selected, 5);
      expect(selected).toBeGreaterThanOrEqual(start);
      expect(selected).toBeLessThan(start + room);
      expect(room + (start > 0 ? 1 : 0) + (start + room < 11 ? 1 : 0)).toBe(5);
    }
  });
});
