import { describe, expect, test } from 'vitest';
import { labLayout, MIN_PANE_ROWS, stepBudget, type StepBudget } from '../../../src/ui/driver/layout.js';

/** The one rule that gives the step screen's parts their rows, at the sizes learners use and beyond. */

const total = (b: StepBudget) => b.title + b.prose.rows + b.command.rows + b.gap + b.resultsGap + b.results.rows;

describe('the step screen budget', () => {
  const panes = Array.from({ length: 39 }, (_, i) => i + MIN_PANE_ROWS); // 7 to 45 rows
  const commands = [1, 2, 4, 8, 15, 30, 60];
  const proses = [0, 1, 3, 10, 130];

  test('never gives out more rows than the pane has, and every part keeps a row', () => {
    for (const rows of panes)
      for (const commandLines of commands)
        for (const proseLines of proses) {
          const b = stepBudget({ rows, commandLines, proseLines, wantResults: 15 });
          const at = `${rows} rows, command ${commandLines}, prose ${proseLines}`;
          expect(total(b), at).toBeLessThanOrEqual(rows);
          expect(b.command.rows, at).toBeGreaterThanOrEqual(1);
          expect(b.results.rows, at).toBeGreaterThanOrEqual(2);
          if (proseLines) expect(b.prose.rows, at).toBeGreaterThanOrEqual(Math.min(2, proseLines));
        }
  });

  test('a region that does not show all its lines scrolls, with a row kept for its marker', () => {
    for (const rows of panes)
      for (const commandLines of commands)
        for (const proseLines of proses) {
          const b = stepBudget({ rows, commandLines, proseLines, wantResults: 15 });
          for (const [region, lines] of [
            [b.command, commandLines],
            [b.prose, proseLines],
          ] as const) {
            expect(region.scrolls).toBe(region.page < lines);
            expect(region.page).toBe(region.scrolls ? region.rows - 1 : lines);
          }
        }
  });

  test('the command is shown whole whenever the pane can hold it beside a line of explanation and of results', () => {
    for (const rows of panes)
      for (const commandLines of commands) {
        const b = stepBudget({ rows, commandLines, proseLines: 10, wantResults: 15 });
        if (commandLines <= rows - 1 - 2 - 2) expect(b.command.scrolls, `${rows} rows, command ${commandLines}`).toBe(false);
      }
  });

  test('once the step has run, the command keeps at most a third of the pane and the results get the rest', () => {
    for (const rows of panes) {
      const before = stepBudget({ rows, commandLines: 30, proseLines: 30, wantResults: 15 });
      const after = stepBudget({ rows, commandLines: 30, proseLines: 30, wantResults: 15, ran: true });
      expect(after.command.rows, `${rows} rows`).toBeLessThanOrEqual(Math.max(3, Math.floor((rows - 1) / 3)));
      expect(after.command.scrolls).toBe(true);
      expect(after.results.rows + after.prose.rows, `${rows} rows`).toBeGreaterThanOrEqual(before.results.rows + before.prose.rows);
      expect(total(after)).toBeLessThanOrEqual(rows);
    }
  });

  test('before a step runs, while its results have nothing to show, the explanation takes every row the command does not use', () => {
    for (const rows of panes)
      for (const commandLines of [1, 2, 4]) {
        const b = stepBudget({ rows, commandLines, proseLines: 130, wantResults: 15, idle: true });
        const at = `${rows} rows, command ${commandLines}`;
        expect(b.results.rows, at).toBe(0);
        expect(b.prose.rows, at).toBe(rows - 1 - b.command.rows - b.gap);
        expect(b.prose.scrolls, at).toBe(true);
      }
    // A short explanation leaves the rest blank, below everything: no blank rows between the parts.
    const short = stepBudget({ rows: 25, commandLines: 2, proseLines: 3, wantResults: 15, idle: true });
    expect(short.prose.rows).toBe(3);
    expect(short.resultsGap).toBe(0);
  });

  test('blank lines go first when room is short', () => {
    expect(stepBudget({ rows: 30, commandLines: 2, proseLines: 10, wantResults: 7 }).gap).toBe(1);
    expect(stepBudget({ rows: 12, commandLines: 6, proseLines: 10, wantResults: 7 }).gap).toBe(0);
  });

  test("the results get what the step's checks ask for, up to half of what the explanation and they share", () => {
    const few = stepBudget({ rows: 25, commandLines: 2, proseLines: 100, wantResults: 5 });
    expect(few.results.rows).toBe(5);
    const many = stepBudget({ rows: 25, commandLines: 2, proseLines: 100, wantResults: 40 });
    expect(many.results.rows).toBeLessThanOrEqual(Math.ceil((25 - 1 - 2 - 2) / 2) + 1);
    // A short explanation leaves the rest to the results.
    const short = stepBudget({ rows: 25, commandLines: 2, proseLines: 3, wantResults: 5 });
    expect(short.prose.rows).toBe(3);
    expect(total(short)).toBe(25);
  });
});

describe('the lab screen', () => {
  test.each([
    { columns: 100, rows: 30, bodyRows: 25 },
    { columns: 80, rows: 24, bodyRows: 19 },
    { columns: 60, rows: 20, bodyRows: 15 },
  ])('at $columns×$rows the step list above and the step share the body exactly', ({ columns, rows, bodyRows }) => {
    const l = labLayout({ columns, rows }, bodyRows, 12);
    expect(l.wide).toBe(false);
    expect(l.listRows + l.listGap + l.paneRows).toBe(bodyRows);
    expect(l.paneWidth).toBe(Math.min(columns, 100));
  });

  test('on a short body the step list gives way before the step gets fewer rows than it needs', () => {
    for (let bodyRows = 7; bodyRows <= 20; bodyRows++) {
      const l = labLayout({ columns: 60, rows: 20 }, bodyRows, 12);
      expect(l.paneRows, `${bodyRows} rows of body`).toBeGreaterThanOrEqual(MIN_PANE_ROWS);
      expect(l.listRows + l.listGap + l.paneRows).toBe(bodyRows);
      expect(l.listRows === 0 || l.listRows >= 3).toBe(true);
    }
  });

  test('a wide terminal puts the list beside the step, which keeps every row of the body', () => {
    const l = labLayout({ columns: 160, rows: 50 }, 44, 12);
    expect(l.wide).toBe(true);
    expect(l.paneRows).toBe(44);
    expect(l.paneWidth + (l.listWidth ?? 0) + 2).toBeLessThanOrEqual(160);
  });
});
