import { execaSync } from 'execa';
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { Terminal } from '../helpers/tmux.js';

/**
 * Nothing runs unseen, whatever the timing (issue 20). A walker at 60×20 opened the namespaces lab,
 * saw "↓ 2 more lines of the command: m shows them", pressed Enter at once, and the step ran; a few
 * minutes later the same Enter was refused. Here Enter is pressed as soon as the step's first frame
 * is on the terminal, several times over: every time it must be refused, the step must stay not run,
 * and the screen the learner pressed it on must be the one that hides lines of the command.
 *
 * At 60×18: since the footer stopped naming keys that do nothing there (PgDn, o before a run), the
 * whole command fits at 60×20; two rows fewer hide part of it again, as the walker's screen did.
 */

const TRIES = 3;

test(`at 60×18, Enter pressed the moment namespaces' step 1 appears never runs a command the screen hides part of (${TRIES} tries)`, async () => {
  for (let i = 0; i < TRIES; i++) {
    const state = tempDir('isolab-seen-');
    const term = new Terminal(60, 18, `seen${i}`);
    try {
      term.start([process.execPath, BIN], { ISOLAB_STATE_DIR: state, ISOLAB_LANG: 'en', NO_COLOR: '1' }, ROOT);
      let lines = await term.waitFor((l) => l.some((x) => x.startsWith('›')) && l.join('\n').includes('✔'), 'the lab list', 60_000);
      for (let moves = 0; !lines.find((l) => l.startsWith('›'))?.includes('What a container is made of'); moves++) {
        if (moves > 10) throw new Error(`the lab list never selected the namespaces lab:\n${lines.join('\n')}`);
        term.keys('Down');
        lines = await term.settle(lines.join('\n'));
      }
      term.keys('Enter');
      // As fast as the screen can be read: the first frame with the step, and Enter on it.
      const deadline = Date.now() + 20_000;
      let seen = term.lines();
      while (!seen.some((l) => l.startsWith('1/8 ')) && Date.now() < deadline) seen = term.lines();
      term.keys('Enter');
      expect(seen.join('\n'), 'the step never opened').toMatch(/^1\/8 /m);
      const after = await term.waitFor((l) => /not on screen yet|running|passed|failed/.test(l.join('\n')), 'an answer to Enter', 10_000);
      const screen = after.join('\n');
      expect(screen, `try ${i + 1}: Enter ran a command whose lines were not all on screen`).toMatch(
        /Part of the command is not on\s+screen yet/,
      );
      expect(screen).toMatch(/^1\/8 .*· not run$/m);
      // And the screen Enter was pressed on is the one that stays: it hides part of the command, and says so.
      expect(seen.join('\n')).toMatch(/more lines? of the command: m shows them/);
    } finally {
      // Left as a learner leaves (a try that ran the step keeps its process, recorded in the ledger), then removed.
      term.keys('C-c');
      term.keys('q');
      await term.waitFor((l) => l.join('\n').includes('[isolab exited with'), 'isolab to end', 20_000).catch(() => undefined);
      term.close();
      // A broken try may have started the step's process: removed by this run's own state folder.
      execaSync(process.execPath, [BIN, 'cleanup'], {
        reject: false,
        cwd: ROOT,
        stdin: 'ignore',
        env: { NO_COLOR: '1', ISOLAB_STATE_DIR: state },
      });
      rmSync(state, { recursive: true, force: true });
    }
  }
}, 240_000);
