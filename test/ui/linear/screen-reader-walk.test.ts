import { execa } from 'execa';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../../helpers/cli.js';
import { SPEAKING_LAB as LAB } from './speaking-lab.js';

/**
 * A whole lab done in the screen-reader mode, recorded byte for byte as the terminal received it (tmux
 * pipe-pane: what the program wrote to its pseudo-terminal). A screen reader reads text as it is
 * appended: nothing may move the cursor up or erase what was written, and each thing is said once,
 * in the order it happened. The lab prints with echo and printf, so no engine is needed.
 */

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Starts isolab in tmux, records every byte it writes, and answers each awaited text with keys. */
async function recorded(args: string[], walk: { waitFor: string; count?: number; keys: string[] }[], env: Record<string, string> = {}) {
  const dir = tempDir('isolab-sr-');
  made.push(dir);
  const labs = join(dir, 'labs');
  mkdirSync(labs);
  writeFileSync(join(labs, 'speak.md'), LAB);
  const raw = join(dir, 'raw');
  writeFileSync(raw, '');
  const socket = `isolab-sr-${process.pid}-${made.length}`;
  const tmux = (...a: string[]) => execa('tmux', ['-L', socket, ...a], { reject: false });
  const vars = Object.entries({ ISOLAB_STATE_DIR: join(dir, 'state'), ISOLAB_LABS_DIR: labs, ISOLAB_LANG: 'en', ...env })
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  // The program waits for a first Enter, so the recording is on before it writes anything.
  const command = `read go; env -u NO_COLOR ${vars} TERM=xterm-256color '${process.execPath}' '${BIN}' ${args.map((a) => `'${a.replace('LABS', labs)}'`).join(' ')}; echo "exit=$?"; sleep 30`;
  await tmux('new-session', '-d', '-x', '120', '-y', '50', command);
  const text = () => readFileSync(raw, 'utf8');
  try {
    await tmux('pipe-pane', '-o', `cat >> '${raw}'`);
    await tmux('send-keys', 'Enter');
    for (const step of [...walk, { waitFor: 'exit=', keys: [] }]) {
      const end = Date.now() + 20_000;
      while (text().split(step.waitFor).length - 1 < (step.count ?? 1)) {
        if (Date.now() > end) throw new Error(`"${step.waitFor}" never came:\n${text()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const k of step.keys) {
        await tmux('send-keys', k);
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    return text();
  } finally {
    await tmux('kill-server');
  }
}

/** Cursor up (CSI A, CSI F, reverse index), erase in line (CSI K), erase in display (CSI J), or a clear (ESC c). */
const REDRAW = /\u001b\[\d*[AFJK]|\u001b\[\d*;\d*[Hf]|\u001bM|\u001bc/;

function once(text: string, needles: string[]) {
  let from = -1;
  for (const n of needles) {
    expect(text.split(n).length - 1, `"${n}" is said exactly once`).toBe(1);
    const at = text.indexOf(n);
    expect(at, `"${n}" comes after what was said before it`).toBeGreaterThan(from);
    from = at;
  }
}

describe('screen-reader mode: a whole lab is linear text, said once, in reading order', () => {
  it('the TUI, paused and resumed halfway: nothing redrawn or erased, every step, verdict and the summary said once', async () => {
    const text = await recorded(
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
      // Keys said in words, on request.
      'Down arrow or n: next step',
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
    // Every prompt is a question that names its answers.
    expect(text).toContain('What now? Up arrow or p: move, Down arrow or n: move, Enter: run, s: skip');
    expect(text).toContain('exit=0');
  });

  it('attended isolab run: the same, through a pseudo-terminal, each prompt a question in words', async () => {
    const text = await recorded(
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
