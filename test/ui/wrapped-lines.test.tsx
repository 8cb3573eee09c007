import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator, msg } from '../../src/i18n/translate.js';
import { NoticeLine } from '../../src/ui/components/NoticeLine.js';
import { ResumePrompt } from '../../src/ui/components/ResumePrompt.js';
import { LookProvider } from '../../src/ui/theme.js';

/**
 * A notice or a question wrapped at 60 columns: each wrapped line starts with a word, under the text
 * it continues. Left to ink, the space it broke at opened the next line ("redone;" / " you will…").
 */
loadCatalogs();

function frame(locale: string, node: React.ReactNode): string[] {
  const look = { locale, t: createTranslator(locale), color: false, columns: 60, rows: 20 };
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Box width={60} flexDirection="column">
        {node}
      </Box>
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  unmount();
  return lines;
}

test.each(['en', 'fr', 'es'])('in %s a notice wrapped at 60 columns hangs each line under its text, starting with a word', (locale) => {
  const lines = frame(locale, <NoticeLine notice={{ tone: 'info', lines: [msg('ui.notice.runEnded')] }} />).filter((l) => l.trim());
  expect(lines.length, lines.join('\n')).toBeGreaterThan(1);
  for (const l of lines.slice(1)) {
    expect(l.slice(0, 2), l).toBe('  ');
    expect(l[2], l).not.toBe(' ');
  }
});

test.each(['en', 'fr', 'es'])('in %s the resume question wrapped at 60 columns starts each line with a word', (locale) => {
  const saved = { savedAt: '2026-12-07T01:00:00.000Z', steps: {} } as never;
  const lines = frame(
    locale,
    <ResumePrompt saved={saved} passed={2} read={1} total={8} checking={false} removing={false} keeps={{ containers: [], processes: 2 }} />,
  );
  // The closing sentence is not indented: its second line starts at the left edge, with a word.
  const explain = createTranslator(locale)('ui.resume.explain');
  const at = lines.findIndex((l) => l.startsWith(explain.slice(0, 12)));
  expect(at, lines.join('\n')).toBeGreaterThan(0);
  expect(lines[at + 1]?.trim(), lines.join('\n')).toBeTruthy();
  expect(lines[at + 1]![0], lines.join('\n')).not.toBe(' ');
  expect(`${lines[at]!.trimEnd()} ${lines[at + 1]!.trim()}`).toBe(explain);
});
