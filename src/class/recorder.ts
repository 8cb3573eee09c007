import { randomBytes } from 'node:crypto';
import { realClock, type Clock } from './clock.js';
import type { Outbox } from './outbox.js';
import { SCHEMA_VERSION, type ClassEvent } from './schema.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a caller says; the recorder adds the envelope (version, id, learner, time, counter). */
export type EventBody = DistributiveOmit<ClassEvent, 'schemaVersion' | 'id' | 'learner' | 'at' | 'seq'>;

export const randomId = (): string => randomBytes(16).toString('hex');

/**
 * Turns what happened into events and puts them in the queue. Times never go backwards within one
 * process (a clock set back mid-class must not reorder a learner's steps); the counter orders events
 * of the same millisecond.
 */
export class Recorder {
  private seq = 0;
  private last = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly learner: string,
    private readonly outbox: Outbox,
    private readonly clock: Clock = realClock,
  ) {}

  record(body: EventBody): ClassEvent {
    this.last = Math.max(this.last, this.clock.now());
    const event = {
      schemaVersion: SCHEMA_VERSION,
      id: randomId(),
      learner: this.learner,
      at: new Date(this.last).toISOString(),
      seq: this.seq++,
      ...body,
    } as ClassEvent;
    try {
      this.outbox.put(event);
    } catch {
      // A full disk must not stop a lab: the class misses this event, the learner's run goes on.
      return event;
    }
    for (const l of this.listeners) l();
    return event;
  }

  /** Called after each event is queued (the sender of this process wakes up). */
  onRecord(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
