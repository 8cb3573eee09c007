import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessOf } from '../../src/util/accessibility.js';
import { KEY, quitTui, renderApp, sandbox, type Tui } from './helpers.js';

/**
 * Motion only where it says something, and a way to stop it: a running step's clock ticks every
 * second, unless the learner asked for no motion (--reduced-motion, or the screen-reader mode).
 */

const SLOW_LAB = `---
id: slow
title: A slow lab
platforms: [linux]
---

## Wait a little

<!-- isolab
step: wait
checks:
  - exit: 0
-->

\`\`\`sh
sleep 4
\`\`\`
`;

let box: ReturnType<typeof sandbox>;
let tui: Tui | undefined;
beforeEach(() => {
  box = sandbox([]);
  writeFileSync(join(box.labsDir, 'slow.md'), SLOW_LAB);
});
afterEach(async () => {
  await quitTui(tui);
  tui = undefined;
  box.dispose();
});

/** Every frame the step shows in the seconds it runs. */
async function framesWhileRunning(reducedMotion: boolean): Promise<string[]> {
  tui = renderApp({ labsDir: box.labsDir, reducedMotion });
  await tui.see('ready on this machine');
  await tui.press(KEY.enter);
  await tui.see('Wait a little');
  await tui.press(KEY.enter);
  await tui.see('running');
  const frames: string[] = [];
  const end = Date.now() + 2500;
  while (Date.now() < end) {
    frames.push(tui.screen());
    await new Promise((r) => setTimeout(r, 100));
  }
  return frames;
}

describe('motion', () => {
  it('a running step counts its seconds by default', async () => {
    const frames = await framesWhileRunning(false);
    expect(frames.some((f) => /\b2 s\b/.test(f))).toBe(true);
  });

  it('with --reduced-motion the clock stands still: "running" says it, nothing ticks', async () => {
    const frames = await framesWhileRunning(true);
    expect(frames.some((f) => /\b[12] s\b/.test(f))).toBe(false);
    expect(frames.every((f) => f.includes('running'))).toBe(true);
  });
});

describe('how the modes are asked for', () => {
  it('--screen-reader, ISOLAB_SCREEN_READER=1 and ink’s INK_SCREEN_READER=true each turn the mode on, and it stops motion too', () => {
    expect(accessOf({ screenReader: true }, {})).toEqual({ screenReader: true, reducedMotion: true });
    expect(accessOf({}, { ISOLAB_SCREEN_READER: '1' })).toEqual({ screenReader: true, reducedMotion: true });
    expect(accessOf({}, { INK_SCREEN_READER: 'true' })).toEqual({ screenReader: true, reducedMotion: true });
    expect(accessOf({}, { ISOLAB_SCREEN_READER: '0', INK_SCREEN_READER: 'false' })).toEqual({ screenReader: false, reducedMotion: false });
  });

  it('--reduced-motion or ISOLAB_REDUCED_MOTION=1 stops motion alone', () => {
    expect(accessOf({ reducedMotion: true }, {})).toEqual({ screenReader: false, reducedMotion: true });
    expect(accessOf({}, { ISOLAB_REDUCED_MOTION: '1' })).toEqual({ screenReader: false, reducedMotion: true });
  });
});
