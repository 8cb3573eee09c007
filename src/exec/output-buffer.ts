/**
 * Bounded output: keeps the head (table headers live there) and the tail (the latest state) of a
 * stream and counts what was dropped in between, so a `ping -t` flood cannot grow memory.
 */
export class OutputBuffer {
  private head = '';
  /** The tail as the chunks it came in: trimming drops whole chunks, never recopies the rest. */
  private tail: string[] = [];
  private tailChars = 0;
  private dropped = 0;
  private total = 0;

  constructor(
    private readonly headLimit = 64 * 1024,
    private readonly tailLimit = 512 * 1024,
  ) {}

  push(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (!chunk) return;
    }
    this.tail.push(chunk);
    this.tailChars += chunk.length;
    while (this.tailChars - this.tail[0]!.length >= this.tailLimit) {
      const first = this.tail.shift()!;
      this.tailChars -= first.length;
      this.dropped += first.length;
    }
  }

  /** Characters that were not kept. */
  get droppedChars(): number {
    return this.dropped + Math.max(0, this.tailChars - this.tailLimit);
  }

  get totalChars(): number {
    return this.total;
  }

  text(): string {
    const joined = this.tail.join('');
    const over = Math.max(0, joined.length - this.tailLimit);
    const tail = joined.slice(over);
    if (!this.dropped && !over) return this.head + tail;
    const marker = `\n[isolab: ${this.droppedChars} characters of output dropped here]\n`;
    return this.head + marker + tail.slice(tail.indexOf('\n') + 1);
  }
}
