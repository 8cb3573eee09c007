import type { Agent } from 'node:http';
import { realClock, type Clock } from './clock.js';
import { postEvents, type PostResult } from './client.js';
import type { Outbox, Queued } from './outbox.js';
import { MAX_BATCH } from './schema.js';

export interface SenderOptions {
  /** The join address with its capability (http://host:port/j/<cap>). */
  url: string;
  outbox: Outbox;
  clock?: Clock;
  /** How long to wait for the class to answer one request. */
  requestTimeoutMs?: number;
  /** Waits between tries double from here up to maxBackoffMs while the class cannot be reached. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle sender looks for events other isolab processes of this machine queued. */
  idlePollMs?: number;
  /** Connections of its own (the bench runs many learners in one process); default: one shared keep-alive agent. */
  agent?: Agent;
  /** Told after each answer (tests and the bench watch it). */
  onResult?: (result: PostResult, batch: readonly Queued[]) => void;
}

/**
 * Sends the queue in the background, oldest first, and never in the way of a lab: a class that does
 * not answer costs the learner nothing but a retry later (doubling up to 30 s), and an event leaves
 * the queue only once the class said it has it. A request the class refuses (400) can never succeed:
 * the event at fault is set aside and the rest goes on. A class that is full (503) may take them
 * later: they stay queued, offered again after its Retry-After (bounded: see busyWait).
 */
export class Sender {
  private readonly clock: Clock;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeUp = new AbortController();
  private readonly stopping = new AbortController();
  private batch = MAX_BATCH;
  private backoff: number;
  /** The last answer: a sender that just reached the class may flush at the end of a run. */
  lastResult: PostResult['kind'] | undefined;

  constructor(private readonly opts: SenderOptions) {
    this.clock = opts.clock ?? realClock;
    this.backoff = opts.minBackoffMs ?? 500;
  }

  start(): this {
    this.running ??= this.loop();
    return this;
  }

  /** Something was queued: send it now rather than at the next poll. */
  wake(): void {
    this.wakeUp.abort();
  }

  /** Ends the background loop, cancelling a request in flight (it will be sent again by whoever sends next). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.wake();
    await this.running;
  }

  /**
   * Tries to empty the queue within `ms` (the end of a run). Gives up at the first answer that is
   * not a success: the events stay queued for the next isolab that sends.
   */
  async flush(ms: number): Promise<boolean> {
    const end = this.clock.now() + ms;
    for (;;) {
      const items = this.opts.outbox.peek(this.batch);
      if (!items.length) return true;
      const left = end - this.clock.now();
      if (left <= 50) return false;
      // Its own request, not the background loop's: a stopped loop must not cancel the last try.
      const r = await this.post(items, Math.min(left, this.opts.requestTimeoutMs ?? 5000), undefined);
      if (!this.settle(r, items)) return false;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const items = this.opts.outbox.peek(this.batch);
      if (!items.length) {
        await this.idle(this.opts.idlePollMs ?? 1000);
        continue;
      }
      const r = await this.post(items, this.opts.requestTimeoutMs ?? 5000, this.stopping.signal);
      if (this.stopped) return;
      if (this.settle(r, items)) {
        this.backoff = this.opts.minBackoffMs ?? 500;
        continue;
      }
      if (r.kind === 'slowDown' || r.kind === 'busy') await this.pause(r.retryAfterMs);
      else if (r.kind === 'unauthorized') await this.pause(60_000);
      else if (r.kind === 'unreachable') {
        // Jitter: sixty laptops that lost the class at once must not all come back in the same millisecond.
        await this.pause(this.backoff * (0.75 + Math.random() / 2));
        this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 30_000);
      }
    }
  }

  private post(items: readonly Queued[], timeoutMs: number, signal: AbortSignal | undefined): Promise<PostResult> {
    return postEvents(
      this.opts.url,
      items.map((q) => q.event),
      { timeoutMs, signal, agent: this.opts.agent },
    );
  }

  /** Acts on an answer; true when the queue moved on (sent, or a refused event set aside). */
  private settle(r: PostResult, items: readonly Queued[]): boolean {
    this.lastResult = r.kind;
    this.opts.onResult?.(r, items);
    switch (r.kind) {
      case 'ok':
        this.opts.outbox.remove(items);
        this.batch = Math.min(MAX_BATCH, this.batch * 2);
        return true;
      case 'refused': {
        const culprit = r.index !== undefined ? items[r.index] : items.length === 1 ? items[0] : undefined;
        if (culprit) this.opts.outbox.reject(culprit.file, r.reason);
        else this.batch = Math.max(1, Math.floor(items.length / 2));
        return true;
      }
      case 'tooLarge':
        if (items.length === 1) this.opts.outbox.reject(items[0]!.file, 'too large for the class');
        else this.batch = Math.max(1, Math.floor(items.length / 2));
        return true;
      default:
        return false;
    }
  }

  /** Waits `ms`, or less when woken (new events) or stopped. */
  private async idle(ms: number): Promise<void> {
    await this.clock.sleep(ms, AbortSignal.any([this.wakeUp.signal, this.stopping.signal]));
    if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
  }

  /** Waits `ms` after a failure: only stopping cuts it short (new events do not make the class answer). */
  private async pause(ms: number): Promise<void> {
    await this.clock.sleep(ms, this.stopping.signal);
    if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
  }
}
