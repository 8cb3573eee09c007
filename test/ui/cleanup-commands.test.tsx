import { join } from 'node:path';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';
import { reclaimAnnouncer } from '../../src/cli/reclaim-view.js';
import { editionOf } from '../../src/edition/edition.js';
import { loadCatalogs } from '../../src/i18n/catalogs/index.js';
import { createTranslator } from '../../src/i18n/translate.js';
import { readLab } from '../../src/lab/catalog.js';
import type { CleanupPlan } from '../../src/session/cleanup.js';
import { CleanupCommands, cleanupCommandText } from '../../src/ui/components/CleanupCommands.js';
import { LookProvider } from '../../src/ui/theme.js';
import { ROOT } from '../helpers/cli.js';

/**
 * What a removal is shown to run, for hyperv-isolation: its cleanup removes its two containers by
 * name, then any left with its label, in a script whose line `left=$(…) || exit` was shown as a `$`
 * command of its own (copied alone, it closes the learner's shell); then isolab listed
 * `docker rm -f` of the same two containers a second time.
 */

loadCatalogs();
const t = createTranslator('en');

function planOf(shell: 'sh' | 'powershell', extra: string[] = []): CleanupPlan {
  const edition = editionOf(readLab(join(ROOT, 'labs', 'hyperv-isolation.md')), { platform: 'linux', shell });
  const commands = edition.cleanupCommands.map((c) => c.code.replaceAll('{{run}}', 'r1'));
  return { commands, containers: ['isolab-proc-r1', 'isolab-sandbox-r1', ...extra], processes: [], sweep: [] };
}

function shown(plan: CleanupPlan, columns = 200): string[] {
  const look = { locale: 'en', t, color: false, columns, rows: 40 };
  const { lastFrame, unmount } = render(
    <LookProvider look={look}>
      <Box width={columns}>
        <CleanupCommands plan={plan} />
      </Box>
    </LookProvider>,
  );
  const lines = (lastFrame() ?? '').split('\n');
  unmount();
  return lines;
}

test('a cleanup script is one command under one $, its further lines indented; no container is removed twice', () => {
  const plan = planOf('sh');
  expect(plan.commands.some((c) => c.includes('\n'))).toBe(true);
  const lines = shown(plan);
  const dollars = lines.filter((l) => l.startsWith('  $'));
  expect(dollars, lines.join('\n')).toHaveLength(plan.commands.length);
  const left = lines.find((l) => l.includes('left=$('))!;
  expect(left).toMatch(/^ {6}left=/);
  expect(lines.filter((l) => l.includes('isolab-proc-r1'))).toHaveLength(1);
  expect(lines.join('\n')).not.toMatch(/^\s*\$ docker rm -f isolab-proc-r1\s*$/m);
});

test("a container the lab's cleanup does not name is still shown for isolab's own removal", () => {
  const lines = shown(planOf('sh', ['isolab-other-r1']));
  expect(lines).toContain('  $ docker rm -f isolab-other-r1');
});

test('isolab cleanup indents the further lines of a script under "runs:", never at column 0', () => {
  let out = '';
  const plain = { dim: (s: string) => s, yellow: (s: string) => s, green: (s: string) => s, bold: (s: string) => s } as never;
  const plan = planOf('sh');
  reclaimAnnouncer(t, plain, { write: (s: string) => (out += s) })({
    runId: 'r1',
    labId: 'hyperv-isolation',
    kept: false,
    commands: plan.commands,
    removes: [],
    stoppedByCommands: [],
    skips: [],
  });
  const lines = out.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(3);
  for (const l of lines.slice(1)) expect(l, out).toMatch(/^ {2}/);
  expect(lines.find((l) => l.includes('left=$('))).toMatch(/^ {6}left=/);
});

test('the screen reader says a script the same way: one command, its further lines indented under it', () => {
  const lines = cleanupCommandText(planOf('sh'));
  expect(lines.find((l) => l.includes('left=$('))).toMatch(/^ {4}left=/);
  expect(lines.filter((l) => l.includes('isolab-proc-r1'))).toHaveLength(1);
});

test('at 60 columns a line the screen wraps goes on at column 8, apart from the lines of the script (4 after $, 6 under it)', () => {
  const lines = shown(planOf('sh'), 60).filter((l) => l.trim());
  const starts = new Set(lines.map((l) => l.length - l.trimStart().length));
  expect([...starts].sort(), lines.join('\n')).toEqual([2, 6, 8]);
  // Each line of the script starts a row of its own: `left=` at 6, never inside a wrapped row.
  expect(lines.find((l) => l.includes('left=$('))).toMatch(/^ {6}left=/);
  for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
});
