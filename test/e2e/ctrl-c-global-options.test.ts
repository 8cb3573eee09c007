import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/cli.js';
import { processesWith } from '../helpers/processes.js';
import { Terminal } from '../helpers/tmux.js';

/**
 * `isolab --lang es run LAB --yes` on a terminal: Ctrl+C did nothing, and the step's sleep ran on.
 * The launcher took `es`, --lang's value, for the command, decided the UI was starting and put the
 * terminal in raw mode, which `run` never undid: Ctrl+C reached no one as an interrupt. A global
 * option before the command must change nothing about how the command is stopped.
 */

const dir = tempDir('isolab-ctrl-c-');
const lab = join(dir, 'slow.md');
writeFileSync(
  lab,
  '---\nid: slow\ntitle: Slow\nplatforms: [linux]\n---\n\n## Wait\n\n<!-- isolab\nstep: wait\ntimeout: 60s\nchecks:\n  - exit: 0\n-->\n\n```sh\nsleep 37\n```\n',
);
const terms: Terminal[] = [];
afterAll(() => {
  for (const t of terms) t.close();
});

it.each([
  ['--lang es run LAB --yes', ['--lang', 'es', 'run', lab, '--yes'], 'Interrumpido: deteniendo el paso en curso'],
  ['run LAB --yes --lang es', ['run', lab, '--yes', '--lang', 'es'], 'Interrumpido: deteniendo el paso en curso'],
  ['--shell sh run LAB --yes', ['--shell', 'sh', 'run', lab, '--yes'], 'Interrupted: stopping the running step'],
])(
  'isolab %s: Ctrl+C stops the step and the run',
  async (_, args, said) => {
    const state = tempDir('isolab-ctrl-c-state-');
    const term = new Terminal(80, 24, `ctrlc-${terms.length}`);
    terms.push(term);
    term.start([process.execPath, BIN, ...args], { ISOLAB_STATE_DIR: state, NO_COLOR: '1', ISOLAB_LANG: 'en' }, ROOT);
    await term.waitFor((l) => l.join('\n').includes('$ sleep 37'), 'the step running', 30_000);
    term.keys('C-c');
    const lines = await term.waitFor((l) => l.join('\n').includes('[isolab exited with'), 'isolab stopping', 20_000);
    const screen = lines.join('\n');
    expect(screen).toContain(said);
    expect(screen).toContain('[isolab exited with 1]');
    // The step's sleep went with it.
    expect(processesWith(`ISOLAB_STATE_DIR=${state}`).filter((p) => p.what.startsWith('sleep 37'))).toEqual([]);
  },
  60_000,
);
