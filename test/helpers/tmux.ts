import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A terminal of a chosen size, driven as a learner drives it: the real program runs in tmux on a
 * server of its own (-L), keys are typed with send-keys, the screen is read with capture-pane. Every
 * wait polls the screen for what the learner would wait for, within a bound: never a fixed sleep.
 */
export class Terminal {
  private readonly socket: string;
  private readonly session = 'walk';

  constructor(
    readonly cols: number,
    readonly rows: number,
    name: string,
  ) {
    this.socket = `isolab-${name}-${process.pid}`;
  }

  /** Starts `argv` with exactly `env` added; when it exits the pane stays, showing how it exited. */
  start(argv: readonly string[], env: Record<string, string>, cwd: string): void {
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = `cd ${quote(cwd)} && env ${Object.entries(env)
      .map(([k, v]) => quote(`${k}=${v}`))
      .join(' ')} ${argv.map(quote).join(' ')}; echo "[isolab exited with $?]"; exec cat`;
    this.tmux(['-f', '/dev/null', 'new-session', '-d', '-s', this.session, '-x', String(this.cols), '-y', String(this.rows), command]);
  }

  /** The screen as the learner reads it: one string per row, trailing blanks removed. */
  lines(): string[] {
    const out = this.tmux(['capture-pane', '-p', '-t', this.session]);
    const lines = out.replace(/\n$/, '').split('\n');
    while (lines.length < this.rows) lines.push('');
    return lines.map((l) => l.replace(/\s+$/, ''));
  }

  screen(): string {
    return this.lines().join('\n');
  }

  /** Types keys (tmux names: Enter, Escape, NPage, Down, or text). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.session, ...keys]);
  }

  /** Polls until `ready(screen)` holds; throws `what` with the screen after `timeoutMs`. */
  async waitFor(ready: (lines: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.lines();
      if (ready(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`the screen never showed ${what} within ${timeoutMs} ms; it shows:\n${lines.join('\n')}`);
      await sleep(50);
    }
  }

  /**
   * Polls until the screen differs from `before`, then until it holds still (ink may draw a change
   * in more than one write). A key with nothing left to do (PgDn at the end) changes nothing: after
   * `timeoutMs` the unchanged screen is returned.
   */
  async settle(before: string, timeoutMs = 3_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.screen() === before && Date.now() < deadline) await sleep(40);
    return this.quiet();
  }

  /** Polls until two looks 100 ms apart see the same screen (at most `timeoutMs`), and returns it. */
  async quiet(timeoutMs = 3_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    let last = this.screen();
    for (;;) {
      await sleep(100);
      const now = this.screen();
      if (now === last || Date.now() > deadline) return now.split('\n');
      last = now;
    }
  }

  /** Stops the server and removes its socket file, which tmux leaves in its folder after kill-server. */
  close(): void {
    const path = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout?.trim();
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    if (path) rmSync(path, { force: true });
  }

  private tmux(args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.error) throw new Error(`tmux could not start (${r.error.message}): install tmux (apt-get install tmux)`);
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr.trim()}`);
    return r.stdout;
  }
}
