import { expect, test } from 'vitest';
import { defaultLabsDir } from '../../src/lab/catalog.js';
import { appPerTest } from '../helpers/app-per-test.js';
import { KEY, live, words } from './helpers.js';

/**
 * In read-only mode the banner is counted as it wraps: in French at 60 columns it takes three rows, and
 * a step's example output keeps every row it was given (or says what is below), the footer in view.
 */

const app = appPerTest();

test.each([
  { locale: 'fr', columns: 60, rows: 20 },
  { locale: 'es', columns: 60, rows: 20 },
  { locale: 'en', columns: 80, rows: 24 },
  { locale: 'zh-CN', columns: 100, rows: 30 },
])(
  'in $locale at $columns×$rows a read-only step fits the screen: no example row is hidden unmarked',
  async ({ locale, columns, rows }) => {
    const t = words(locale);
    const tui = app.open({ props: { labsDir: defaultLabsDir(), readOnly: true, locale }, size: { columns, rows } });
    await tui.see(t('ui.readOnly.home').slice(0, 10));
    for (let i = 0; i < 8 && !/^› .*(Docker|docker)/m.test(tui.screen()); i++) await tui.press(KEY.down);
    await tui.press(KEY.enter);
    await tui.see(/^1\/\d+ /m);
    await tui.press('n', 'n', 'n');
    const frame = live(await tui.see(/^4\/\d+ /m));
    const lines = frame.split('\n');
    // ink-testing-library prints every line the app renders: a screen taller than the terminal loses its last rows.
    expect(lines.length, frame).toBeLessThanOrEqual(rows - 1);
    const example = lines.findIndex((l) => l.startsWith(t('run.exampleOutput')));
    expect(example, frame).toBeGreaterThan(0);
    // Under the example's title: its rows, then the footer, or a marker that says more is below.
    const after = lines.slice(example + 1);
    const rowsShown = after.filter((l) => l.startsWith('│')).length;
    expect(rowsShown, frame).toBeGreaterThan(0);
    // The docs' example has two rows ("PID COMMAND", then the ping's): both shown, or a marker says more is below.
    const next = after.slice(rowsShown).find((l) => l.trim() !== '')!;
    expect(rowsShown === 2 || /^[↑↓] /.test(next), frame).toBe(true);
  },
);
