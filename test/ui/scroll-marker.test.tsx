import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { ResultsView } from '../../src/ui/components/ResultsView.js';
import type { ResultLine } from '../../src/ui/render/results.js';
import { displayWidth } from '../../src/ui/render/wrap.js';
import { LookProvider } from '../../src/ui/theme.js';

/**
 * The results' scroll marker at 60 columns: both counts in one unit, each with its word ("↑ 1 line ·
 * ↓ 5 lines", never "↑ 1 · ↓ 5 lines"), and the key that scrolls on screen whole, in every language.
 */

loadCatalogs();
const LINE_WORD: Record<string, RegExp> = { en: /lines?/, es: /líneas?/, fr: /lignes?/, 'zh-CN': /行/ };
const LOCALES = Object.keys(LINE_WORD);

function marker(locale: string, columns: number, lines: readonly ResultLine[], scroll: number): string {
  const t = createTranslator(locale);
  const { lastFrame, unmount } = render(
    <LookProvider look={{ locale, t, color: false, columns, rows: 20 }}>
      <Box width={columns}>
        <ResultsView lines={lines} scroll={scroll} height={4} width={columns} onMeasure={() => {}} />
      </Box>
    </LookProvider>,
  );
  const frame = lastFrame() ?? '';
  unmount();
  return frame.split('\n').at(-1)!;
}

const output = (n: number): ResultLine[] =>
  Array.from({ length: n }, (_, i) => ({ text: `output line ${i + 1}`, indent: 0, mark: '│', kind: 'output' }));
const verdicts = (n: number): ResultLine[] =>
  Array.from({ length: n }, (_, i) => ({ text: `verdict ${i + 1}`, indent: 0, mark: '✔', kind: 'verdict', starts: true }));

test.each(LOCALES)('in %s at 60 columns, scrolled down, both counts say lines and the key is whole', (locale) => {
  const line = marker(locale, 60, output(10), 1);
  expect(displayWidth(line), line).toBeLessThanOrEqual(60);
  expect(line, line).not.toContain('…');
  const [above = '', below = ''] = line.split('↓');
  expect(above, line).toMatch(new RegExp(`↑\\s*\\S*\\s*1\\s*${LINE_WORD[locale]!.source}`));
  expect(below, line).toMatch(new RegExp(`6\\s*\\S*\\s*${LINE_WORD[locale]!.source}`));
  expect(below, line).toMatch(/\bj\b/);
});

test.each(LOCALES)('in %s at 60 columns, verdicts below are counted among the lines, in the same unit as above', (locale) => {
  const line = marker(locale, 60, [...output(3), ...verdicts(4)], 1);
  expect(displayWidth(line), line).toBeLessThanOrEqual(60);
  expect(line, line).not.toContain('…');
  const [above = '', below = ''] = line.split('↓');
  expect(above, line).toMatch(LINE_WORD[locale]!);
  expect(below, line).toMatch(LINE_WORD[locale]!);
  expect(below, line).toMatch(/\b3\b/); // three verdicts below, said so
  expect(below, line).toMatch(/\bj\b/);
});

test.each(LOCALES)('in %s at 100 columns the marker says it in full words', (locale) => {
  const t = createTranslator(locale);
  const line = marker(locale, 100, output(10), 1);
  expect(line).toContain(t('ui.scroll.above', { count: 1 }));
});

test.each(LOCALES)('in %s at 60 columns, with two-digit counts, the short form still fits whole', (locale) => {
  const line = marker(locale, 60, [...output(15), ...verdicts(40)], 12);
  expect(displayWidth(line), line).toBeLessThanOrEqual(60);
  expect(line, line).not.toContain('…');
  expect(line, line).toMatch(/↑[^↓]*12[^↓]*↓[^↓]*40[^↓]*\bj\b/);
});
