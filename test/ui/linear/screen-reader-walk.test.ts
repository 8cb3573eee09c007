import { describe, expect, it } from 'vitest';
import { once, recorded, REDRAW } from './record.js';
import { SPEAKING_LAB } from './speaking-lab.js';

/**
 * A whole lab done in the screen-reader mode, recorded byte for byte as the terminal received it (tmux
 * pipe-pane: what the program wrote to its pseudo-terminal). A screen reader reads text as it is
 * appended: nothing may move the cursor up or erase what was written, and each thing is said once,
 * in the order it happened. The lab prints with echo and printf, so no engine is needed.
 */

describe('screen-reader mode: a whole lab is linear text, said once, in reading order', () => {
  it('the TUI, paused and resumed halfway: nothing redrawn or erased, every step, verdict and the summary said once', async () => {
    const text = await recorded(
      { 'speak.md': SPEAKING_LAB },
      ['--screen-reader'],
      [
        { waitFor: 'ready on this machine', keys: ['Enter'] },
        { waitFor: 'Enter: run', keys: ['?'] },
        { waitFor: 'Keys on this screen:', keys: ['Enter'] },
        { waitFor: 'Step 1 of 2: passed', keys: ['Escape'] },
        { waitFor: 'The lab list has 1 lab', count: 2, keys: ['Enter'] },
        { waitFor: 'You have saved progress', keys: ['y'] },
        { waitFor: 'Step 2 of 2: Say goodbye', keys: [] },
        { waitFor: 'Enter: run', count: 2, keys: ['Enter'] },
        { waitFor: 'Step 2 of 2: passed', keys: [] },
        { waitFor: 'Enter: finish', keys: ['Enter'] },
        { waitFor: 'The lab is done', keys: ['q'] },
      ],
    );
    const start = text.indexOf('isolab in screen-reader mode');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(text.slice(start)).not.toMatch(REDRAW);
    // Not even colour: a screen reader has no use for it.
    expect(text.slice(start)).not.toContain('\u001b');
    once(text, [
      'Step 1 of 2: Say hello. Status: not run.',
      'echo hello',
      // Keys said in words, on request (the questions name the arrows in the same words).
      'Keys on this screen:',
      'Running step 1 of 2…',
      'Step 1 of 2: passed',
      '✔ passed: The greeting was printed.',
      'Step 2 of 2: Say goodbye. Status: not run.',
      "printf 'good%sbye\\n' ''",
      'Running step 2 of 2…',
      'Step 2 of 2: passed',
      '✔ passed: The farewell was printed.',
      'The lab is done: 2 of 2 steps passed.',
    ]);
    // Progress in words: "1/2" would be read out as "1 slash 2".
    expect(text).toContain('1. Speaking lab: 1 of 2 steps passed');
    expect(text).not.toMatch(/\d\/\d steps/);
    // Every prompt is a question that names its answers.
    expect(text).toContain('What now? Up arrow or p: previous step, Down arrow or n: next step, Enter: run, s: skip');
    expect(text).toContain('exit=0');
  });

  it('attended isolab run: the same, through a pseudo-terminal, each prompt a question in words', async () => {
    const text = await recorded(
      { 'speak.md': SPEAKING_LAB },
      ['run', 'LABS/speak.md', '--screen-reader'],
      [
        { waitFor: 'Run this command?', keys: ['y', 'Enter'] },
        { waitFor: 'Run this command?', count: 2, keys: ['Enter'] },
      ],
    );
    const start = text.indexOf('Speaking lab');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(text.slice(start)).not.toMatch(REDRAW);
    expect(text.slice(start)).not.toContain('\u001b');
    once(text, [
      'Say hello',
      'echo hello',
      'Running step 1 of 2…',
      '✔ passed: The greeting was printed.',
      'Say goodbye',
      "printf 'good%sbye\\n' ''",
      'Running step 2 of 2…',
      '✔ passed: The farewell was printed.',
      '2 passed, 0 failed',
    ]);
    expect(text).toContain('Run this command? y or Enter to run it, s to skip the step, q to quit:');
    expect(text).toContain('exit=0');
  });
});
