import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { LeavingPrompt } from '../../src/ui/components/LeavingPrompt.js';
import { exitSummary } from '../../src/ui/main.js';
import { tallyText } from '../../src/report/counts.js';
import { displayWidth } from '../../src/ui/render/wrap.js';
import { LookProvider } from '../../src/ui/theme.js';

/** What the learner reads when leaving at 60 columns: the quit question in the UI, the summary after it. */

loadCatalogs();
const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s };

test.each(['en', 'fr', 'zh-CN'])(
  'in %s at 60 columns the words after the UI wrap between words, each wrapped line hanging under its mark',
  (locale) => {
    const t = createTranslator(locale);
    const tally = { passed: 3, read: 0, total: 8 };
    const result = {
      code: 0,
      cleanups: [],
      forced: false,
      progressSaved: true,
      locale,
      paused: [
        { labId: 'namespaces', title: 'namespaces', platform: 'linux' as const, shell: 'sh' as const, tally, containers: [], processes: 2 },
      ],
    };
    const lines = exitSummary(result, t, plain, 60).trimEnd().split('\n');
    const paused = t('ui.exit.paused', {
      lab: 'namespaces (Linux · sh)',
      progress: tallyText(t, 'ui.exit.progress', tally),
      what: t('ui.exit.processes', { count: 2 }),
    });
    expect(lines.length).toBeGreaterThan(2);
    // The terminal wraps nothing: every line fits, and the paused line's continuation hangs under "⏸ ".
    for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(60);
    const at = lines.findIndex((l) => l.startsWith('⏸ '));
    // Up to the next line of its own, or the end (the paused line, which says how to resume, is the last).
    const next = lines.findIndex((l, i) => i > at && !l.startsWith('  '));
    const rest = lines.slice(at + 1, next < 0 ? lines.length : next);
    expect(rest.length).toBeGreaterThan(0);
    const joined = [lines[at]!, ...rest.map((l) => l.slice(2))].join(locale === 'zh-CN' ? '' : ' ');
    // Chinese wraps between characters, or at a space of the Latin names in it ("namespaces (Linux · sh)").
    const squeezed = (s: string) => (locale === 'zh-CN' ? s.replace(/ /g, '') : s);
    expect(squeezed(joined)).toBe(squeezed(paused));
    // No word was cut: a line ending in a letter is followed by a space in the message.
    if (locale !== 'zh-CN') for (const l of [lines[at]!, ...rest.map((r) => r.slice(2))].slice(0, -1)) expect(paused).toContain(`${l} `);
  },
);

test('at 60 columns the quit question wraps each key line under its text, not at the left edge', () => {
  const t = createTranslator('en');
  const look = { locale: 'en', t, color: false, columns: 60, rows: 20 };
  const plan = {
    commands: ['kill -KILL 9237'],
    sweep: [{ pid: 9235, comm: 'unshare' }],
    containers: [],
    processes: [{ pid: 9235, comm: 'unshare' }],
  } as never;
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Box width={60}>
        <LeavingPrompt plan={plan} quitting />
      </Box>
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  unmount();
  const at = lines.findIndex((l) => l.startsWith('  Enter: leave and keep it running'));
  expect(at, JSON.stringify(lines, null, 1)).toBeGreaterThanOrEqual(0);
  // "resume later where you left off" does not fit on the key's line: its rest hangs under the text.
  expect(lines[at + 1], lines.join('\n')).toBe('  left off');
});
