import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { loadCatalogs } from '../../../src/i18n/catalogs/index.js';
import { LabLifecycle } from '../../../src/ui/lifecycle.js';
import { runLinearTui } from '../../../src/ui/linear/linear-tui.js';
import { sandbox } from '../helpers.js';

/**
 * Screen-reader mode in read-only: a blind learner hears that nothing runs, and why, before the lab
 * list and again when a lab opens, in the banner's own words, not first at a command's label.
 */

let box: ReturnType<typeof sandbox>;
beforeEach(() => {
  loadCatalogs();
  box = sandbox(['ui-checks-lab.md']);
});
afterEach(() => box.dispose());

async function said(opts: { readOnly: boolean; host: 'linux' | 'windows' }, keys: { after: string; key: string }[]) {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  let text = '';
  const write = (s: string) => {
    text += s;
    return true;
  };
  const stdout = { write } as unknown as NodeJS.WriteStream;
  const done = runLinearTui(
    { locale: 'en', readOnly: opts.readOnly, labsDir: box.labsDir, host: opts.host, lifecycle: new LabLifecycle() },
    { stdin, stdout },
  );
  for (const { after, key } of keys) {
    const end = Date.now() + 10_000;
    while (!text.includes(after)) {
      if (Date.now() > end) throw new Error(`"${after}" never came:\n${text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    (stdin as unknown as PassThrough).write(key);
  }
  await done;
  return text;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('--read-only --screen-reader says at the start, and when a lab opens, that nothing runs', async () => {
  const text = await said({ readOnly: true, host: 'linux' }, [
    { after: 'opens read-only: nothing runs', key: '\r' },
    { after: 'Step 1 of 4', key: 'q' },
  ]);
  const home = 'READ-ONLY: labs open for reading; nothing runs on this machine.';
  const lab = "READ-ONLY: nothing runs on this machine; commands and the docs' example output are shown for reading.";
  expect(count(text, home)).toBe(1);
  expect(count(text, lab)).toBe(1);
  // In reading order: before the lab list, and with the lab's opening line, before step 1 and its command.
  expect(text.indexOf(home)).toBeLessThan(text.indexOf('The lab list has'));
  const opened = text.indexOf('Lab Checks that fail');
  expect(opened).toBeGreaterThan(-1);
  expect(text.indexOf(lab)).toBeGreaterThan(opened);
  expect(text.indexOf(lab)).toBeLessThan(text.indexOf('Step 1 of 4'));
  // Its steps are to read, as the full screen and `--read-only run` say: never "not run".
  expect(text).toMatch(/Step 1 of 4: [^\n]*Status: read\./);
  expect(text).not.toContain('Status: not run');
  // The docs' example output is ended as the example, never as this machine's output.
  expect(text).toMatch(/example output from the docs:\n(  [^\n]*\n)+End of the example output\./);
});

test('a lab for another platform says, when it opens, why it is read-only', async () => {
  const text = await said({ readOnly: false, host: 'windows' }, [
    { after: 'What now?', key: '\r' },
    { after: 'Step 1 of 4', key: 'q' },
  ]);
  const why = 'READ-ONLY: this lab runs on Linux and this machine is Windows';
  expect(count(text, why)).toBe(1);
  expect(text.indexOf(why)).toBeLessThan(text.indexOf('Step 1 of 4'));
  // Not a read-only session: the home has no read-only line of its own.
  expect(text).not.toContain('READ-ONLY: labs open for reading');
  // The lab as the home row says it, never "checking this machine…" for a machine that will never check it.
  expect(text).toMatch(/Lab 1 of \d+: [^\n]*, runs on Linux: opens read-only here/);
  expect(text).not.toContain('checking this machine');
});

test('a read-only lab read to its end is said as read, not run, never as passed', async () => {
  const text = await said({ readOnly: true, host: 'linux' }, [
    { after: 'opens read-only: nothing runs', key: '\r' },
    { after: 'Step 1 of 4', key: '\r' },
    { after: 'Step 2 of 4', key: '\r' },
    { after: 'Step 3 of 4', key: '\r' },
    { after: 'Step 4 of 4', key: '\r' },
    { after: 'Read, not run', key: 'q' },
  ]);
  expect(count(text, 'Read, not run: 4 steps read; no command ran and no check was judged.')).toBe(1);
  expect(text).not.toMatch(/steps? passed|What this machine just showed|left to remove/);
});

test("a read-only command says what kind of value it needs, never the capture's own name", async () => {
  box.dispose();
  box = sandbox(['process-lab.md']);
  const text = await said({ readOnly: true, host: 'linux' }, [
    { after: 'opens read-only: nothing runs', key: '\r' },
    { after: 'Step 1 of 5', key: '\r' },
    { after: 'Step 2 of 5', key: '\r' },
    { after: 'Step 3 of 5', key: 'q' },
  ]);
  expect(text).toContain('  kill <number>\n');
  expect(text).not.toContain('<pid>');
});

test("? in a read-only lab says nothing runs and what Enter does, never a run's keys", async () => {
  const text = await said({ readOnly: true, host: 'linux' }, [
    { after: 'opens read-only: nothing runs', key: '\r' },
    { after: 'Step 1 of 4', key: '?' },
    { after: 'shown for reading.\n', key: 'q' },
  ]);
  const help = text.slice(text.lastIndexOf('Step 1 of 4'));
  expect(help).toMatch(/Enter: read on: the next step; after the last one, the end of the lab/);
  expect(help).toContain("Read-only: nothing runs here. Commands and the docs' example output are shown for reading.");
  expect(help).not.toMatch(/Nothing runs until|keeps running|paused|run the command shown/);
});
