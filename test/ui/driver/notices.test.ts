import { expect, test } from 'vitest';
import { createTranslator, msg, render, type Msg } from '../../../src/i18n/translate.js';
import { freshClearedNotice } from '../../../src/ui/driver/notices.js';

/** What the TUI says after f (remove what the earlier run kept, then start over): never a line the next one contradicts. */

const t = createTranslator('en');
const words = (list: readonly Msg[]) => list.map((m) => render(t, m)).join(', ');
const said = (removed: Msg[], problems: Msg[]) =>
  freshClearedNotice({ runId: '20261207-aaaa0001', labId: 'process-lab', kept: true, removed, problems }, words).lines.map((l) =>
    render(t, l),
  );

test('a removal that removed nothing and met a problem does not say nothing was left: the warning after it says what is', () => {
  const lines = said([], [msg('session.containerNotRemoved', { name: 'isolab-proc-1', error: 'permission denied' })]);
  expect(lines.join('\n')).not.toMatch(/Nothing the earlier run kept was still there/);
  expect(lines[0]).toBe('Started over.');
  expect(lines).toContain('could not remove container isolab-proc-1: permission denied');
  expect(lines).toContain('What could not be removed stays recorded: isolab cleanup removes it later.');
});

test('a removal that found nothing left, and no problem, says so', () => {
  expect(said([], [])).toEqual(['Started over. Nothing the earlier run kept was still there.']);
});

test('what was removed is named, and the problems follow', () => {
  const lines = said([msg('cleanup.process', { pid: 4242, comm: 'sleep' })], [msg('session.processesLeft', { count: 1 })]);
  expect(lines[0]).toBe('Started over. Removed first what the earlier run kept: process 4242 (sleep).');
  expect(lines.length).toBeGreaterThan(1);
});
