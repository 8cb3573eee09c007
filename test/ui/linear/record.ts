import { execa } from 'execa';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { BIN, tempDir } from '../../helpers/cli.js';

/** What to wait for in the recording (seen `count` times), then the keys to send. */
export type Walk = { waitFor: string; count?: number; keys: string[]; timeoutMs?: number }[];

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/**
 * Starts isolab in tmux, records every byte it writes to its pseudo-terminal
 * (tmux pipe-pane), and answers each awaited text with keys. The labs are written to a folder of the
 * test's own; `LABS` in an argument stands for it.
 */
export async function recorded(files: Record<string, string>, args: string[], walk: Walk, env: Record<string, string> = {}) {
  const dir = tempDir('isolab-sr-');
  made.push(dir);
  const labs = join(dir, 'labs');
  mkdirSync(labs);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(labs, name), text);
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
      const end = Date.now() + (step.timeoutMs ?? 20_000);
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
export const REDRAW = /\u001b\[\d*[AFJK]|\u001b\[\d*;\d*[Hf]|\u001bM|\u001bc/;

export function once(text: string, needles: string[]) {
  let from = -1;
  for (const n of needles) {
    expect(text.split(n).length - 1, `"${n}" is said exactly once`).toBe(1);
    const at = text.indexOf(n);
    expect(at, `"${n}" comes after what was said before it`).toBeGreaterThan(from);
    from = at;
  }
}
