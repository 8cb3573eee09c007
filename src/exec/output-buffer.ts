/**
 * Bounded output: keeps the head (table headers live there) and the tail (the latest state) of a
 * stream and counts what was dropped in between, so a `ping -t` flood cannot grow memory.
 */
export class OutputBuffer {
  private head = '';
  private tail = '';
  private dropped = 0;
  private total = 0;

  constructor(private readonly headLimit = 64 * 1024, private readonly tailLimit = 512 * 1024) {}

  push(chunk: string): void {
    this.total += chunk.length;
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (!chunk) return;
    }
    this.tail += chunk;
    if (this.tail.length > this.tailLimit) {
      const cut = this.tail.length - this.tailLimit;
      this.dropped += cut;
      this.tail = this.tail.slice(cut);
    }
  }

  /** Characters that were not kept. */
  get droppedChars(): number {
    return this.dropped;
  }

  get totalChars(): number {
    return this.total;
  }

  text(): string {
    if (!this.dropped) return this.head + this.tail;
    const marker = `\n[isolab: ${this.dropped} characters of output dropped here]\n`;
    return this.head + marker + this.tail.slice(this.tail.indexOf('\n') + 1);
  }
}

/** The last `maxLines` lines of a growing stream, for live display. */
export class LineTail {
  private lines: string[] = [];
  private partial = '';
  private droppedLines = 0;

  constructor(private readonly maxLines = 200) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.maxLines) {
      this.droppedLines += this.lines.length - this.maxLines;
      this.lines.splice(0, this.lines.length - this.maxLines);
    }
  }

  snapshot(): { lines: string[]; dropped: number } {
    return { lines: this.partial ? [...this.lines, this.partial] : [...this.lines], dropped: this.droppedLines };
  }
}
