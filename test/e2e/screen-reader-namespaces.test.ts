import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editionOf } from '../../src/edition/edition.js';
import { readLab } from '../../src/lab/catalog.js';
import { ROOT } from '../helpers/cli.js';
import { once, recorded, REDRAW, type Walk } from '../ui/linear/record.js';

/**
 * A shipped lab done whole in the screen-reader mode: the namespaces lab (it needs no container
 * engine, only unshare), every step run for real, then the removal of what it left running. Nothing
 * is redrawn or erased; each step's title, its result in words and the summary are said once, in order.
 */
describe('screen-reader mode: the shipped namespaces lab, whole', () => {
  it('is linear text from the lab list to the removal of what it created', async () => {
    const file = join(ROOT, 'labs', 'namespaces.md');
    const lab = readLab(file);
    const edition = editionOf(lab, { platform: 'linux', shell: 'sh' });
    const steps = lab.steps.filter((s) => !s.cleanup);
    const n = steps.length;
    // A step with nothing to run (the last one) is said "read", never "passed".
    const result = (i: number) => `Step ${i + 1} of ${n}: ${edition.command(steps[i]!) ? 'passed' : 'read.'}`;
    const walk: Walk = [{ waitFor: 'ready on this machine', keys: ['Enter'] }];
    // Enter runs a step with a command, and marks a step to read read (the footer says which).
    let runs = 0;
    let reads = 0;
    steps.forEach((step, i) => {
      walk.push({ waitFor: `Step ${i + 1} of ${n}: `, keys: [] });
      if (edition.command(step)) walk.push({ waitFor: 'Enter: run', count: ++runs, keys: ['Enter'] });
      else walk.push({ waitFor: 'Enter: mark read', count: ++reads, keys: ['Enter'] });
      walk.push({ waitFor: result(i), keys: [] });
      if (i + 1 < n) walk.push({ waitFor: 'Enter: next step', count: i + 1, keys: ['Enter'] });
    });
    walk.push({ waitFor: 'Enter: finish', keys: ['Enter'] });
    walk.push({ waitFor: 'The lab is done', keys: ['q'] });
    // Leaving asks: keep what the lab started, or remove it (its commands said first).
    walk.push({ waitFor: 'Esc: stay in the lab', keys: ['x'] });
    const text = await recorded({ 'namespaces.md': readFileSync(file, 'utf8') }, ['--screen-reader'], walk);
    const start = text.indexOf('isolab in screen-reader mode');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(text.slice(start)).not.toMatch(REDRAW);
    expect(text.slice(start)).not.toContain('\u001b');
    once(text, [
      ...steps.flatMap((s, i) => [`Step ${i + 1} of ${n}: ${s.title}. Status: not run.`, result(i)]),
      // Every step, as "Step i of n" counts them: a step to read is neither passed nor failed, it is said apart.
      `The lab is done: ${runs} of ${n} steps passed, ${reads} read.`,
    ]);
    expect(text).not.toMatch(/✘|Step \d+ of \d+: (failed|not judged)/);
    // What the removal removed is said once, and nothing is paused after it.
    const removal = text.slice(text.indexOf('Removing what the lab created (the commands shown)'));
    const removed = /Removed: (.*)/.exec(removal)?.[1] ?? '';
    expect(removed).toMatch(/process \d+ \(sleep\)/);
    for (const what of removed.split(', ')) expect(removal.split(what).length - 1, removal).toBe(1);
    expect(removal).not.toContain('Pausing the lab');
    expect(text).toContain('exit=0');
  });
});
