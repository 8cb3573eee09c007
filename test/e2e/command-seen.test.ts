import { execaSync } from 'execa';
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';

/**
 * Nothing runs unseen, whatever the timing (issue 20). A walker at 60×20 opened the namespaces lab,
 * saw "↓ 2 more lines of the command: m shows them", pressed Enter at once, and the step ran; a few
 * minutes later the same Enter was refused. The first frame of the step had room for the whole
 * command and was replaced a few milliseconds later by one that hid two lines.
 *
 * Here, as soon as the step's first frame is on the terminal: the screen is read until it holds
 * still, and its command box must never change (the first frame is the one that stays); then Enter
 * must do what that screen says: refused where it hides part of the command, run where it shows all
 * of it. Several times over, at the walker's size and at one where the command does not fit.
 */

const TRIES = 3;

/** The command box on screen: from its label to the line after it (its marker, or what follows). */
const commandBox = (lines: string[]) => {
  const from = lines.findIndex((l) => l.startsWith('Enter runs:'));
  const to = lines.findIndex((l, i) => i > from && !l.startsWith('$ ') && !l.startsWith('  '));
  return from < 0 ? '' : lines.slice(from, to < 0 ? undefined : to + 1).join('\n');
};

test.each([
  [60, 20],
  [60, 18],
])(
  `at %i×%i, Enter pressed the moment namespaces' step 1 appears does what the screen says, and that screen stays (${TRIES} tries)`,
  async (cols, rows) => {
    for (let i = 0; i < TRIES; i++) {
      const state = tempDir('isolab-seen-');
      const term = new Terminal(cols, rows, `seen${cols}x${rows}-${i}`);
      try {
        term.start([process.execPath, BIN], { ISOLAB_STATE_DIR: state, ISOLAB_LANG: 'en', NO_COLOR: '1' }, ROOT);
        let lines = await term.waitFor((l) => l.some((x) => x.startsWith('›')) && l.join('\n').includes('✔'), 'the lab list', 60_000);
        for (let moves = 0; !lines.find((l) => l.startsWith('›'))?.includes('What a container is made of'); moves++) {
          if (moves > 10) throw new Error(`the lab list never selected the namespaces lab:\n${lines.join('\n')}`);
          term.keys('Down');
          lines = await term.settle(lines.join('\n'));
        }
        term.keys('Enter');
        // As fast as the screen can be read: the first frame with the step.
        const deadline = Date.now() + 20_000;
        let first = term.lines();
        while (!first.some((l) => l.startsWith('1/8 ')) && Date.now() < deadline) first = term.lines();
        expect(first.join('\n'), 'the step never opened').toMatch(/^1\/8 /m);
        // The first frame is the one that stays: no later frame shows more or less of the command.
        const settled = await term.quiet();
        expect(commandBox(settled), `try ${i + 1}: the command box changed after the step's first frame`).toBe(commandBox(first));
        const hides = /more lines? of the command: m shows them/.test(settled.join('\n'));
        term.keys('Enter');
        const after = await term.waitFor((l) => /not on screen yet|running|passed|failed/.test(l.join('\n')), 'an answer to Enter', 20_000);
        const screen = after.join('\n');
        if (hides) {
          expect(screen, `try ${i + 1}: Enter ran a command whose lines were not all on screen`).toMatch(
            /Part of the command is not on\s+screen yet/,
          );
          expect(screen).toMatch(/^1\/8 .*· not run$/m);
        } else expect(screen, `try ${i + 1}: the whole command was on screen, yet Enter did not run it`).not.toMatch(/not on\s+screen yet/);
      } finally {
        // Left as a learner leaves (a run keeps its process, recorded in the ledger), then removed.
        term.keys('C-c');
        term.keys('q');
        await term.waitFor((l) => l.join('\n').includes('[isolab exited with'), 'isolab to end', 20_000).catch(() => undefined);
        term.close();
        execaSync(process.execPath, [BIN, 'cleanup'], {
          reject: false,
          cwd: ROOT,
          stdin: 'ignore',
          env: { NO_COLOR: '1', ISOLAB_STATE_DIR: state },
        });
        rmSync(state, { recursive: true, force: true });
      }
    }
  },
  300_000,
);
