import { describe, expect, it } from 'vitest';
import { recorded, REDRAW } from './record.js';

/** A lab that leaves a process running: leaving it offers its removal. */
const SLEEPING_LAB = `---
id: sleeper
title: Sleeping lab
platforms: [linux]
---

## Start a sleep

<!-- isolab
step: start
checks:
  - id: pid
    capture: { name: pid, type: integer, regex: '^(\\d+)$' }
    pass: "The sleep has PID {{pid}}."
-->

\`\`\`sh
sleep 300 >/dev/null 2>&1 &
echo $!
\`\`\`
`;

describe('screen-reader mode: removing what a lab created on the way out', () => {
  it('says what was removed once, and says no pause after it', async () => {
    const text = await recorded(
      { 'sleeper.md': SLEEPING_LAB },
      ['--screen-reader'],
      [
        { waitFor: 'ready on this machine', keys: ['Enter'] },
        { waitFor: 'Enter: run', keys: ['Enter'] },
        { waitFor: 'Step 1 of 1: passed', keys: [] },
        { waitFor: 'Enter: finish', keys: ['q'] },
        { waitFor: 'x: remove it', keys: ['x'] },
      ],
    );
    const pid = /The sleep has PID (\d+)\./.exec(text)?.[1];
    expect(pid).toBeDefined();
    const after = text.slice(text.indexOf('Removing what the lab created (the commands shown)'));
    expect(after).not.toMatch(REDRAW);
    // Said once, by the notice, not again by the words isolab leaves when it ends.
    expect(after.split(`process ${pid} (sleep)`).length - 1, after).toBe(1);
    expect(after).toContain(`Removed: process ${pid} (sleep)`);
    // Nothing is paused after a removal: there is nothing left running to stop.
    expect(after).not.toContain('Pausing the lab');
    expect(text).toContain('exit=0');
  });
});
