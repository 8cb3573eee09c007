/**
 * Splits a stream into the lines a terminal would show. `\n` ends a line (so `\r\n` does too); a bare
 * `\r` returns to column 0 and what follows overwrites the line in place, as a progress bar does:
 * "progress 1\rprogress 2\n" is the one line "progress 2". A line is judged as it finally reads.
 */

/** The longest line that is judged whole; memory per stream never grows past it. */
export const MAX_JUDGED_LINE = 1024 * 1024;

export interface Line {
  text: string;
  /** 1-based line number in the stream. */
  n: number;
  /** False when the line was longer than the limit: `text` is only its start. */
  whole: boolean;
}

export class LineSplitter {
  private line = '';
  private col = 0;
  private over = false;
  private count = 0;
  private open = false;

  constructor(private readonly emit: (line: Line) => void, private readonly max = MAX_JUDGED_LINE) {}

  push(chunk: string): void {
    let i = 0;
    const len = chunk.length;
    while (i < len) {
      let nl = chunk.indexOf('\n', i);
      if (nl < 0) nl = len;
      let cr = chunk.indexOf('\r', i);
      if (cr < 0 || cr > nl) cr = -1;
      if (cr < 0) {
        // The common case: a run of text up to a newline, with no carriage return in it.
        if (nl > i) this.write(chunk.slice(i, nl));
        if (nl === len) return;
        this.newline();
        i = nl + 1;
        continue;
      }
      if (cr > i) this.write(chunk.slice(i, cr));
      this.col = 0;
      this.open = true;
      i = cr + 1;
    }
  }

  /** The stream ended: its unterminated last line is a line too. */
  end(): void {
    if (this.open || this.line.length) this.newline();
  }

  private write(s: string): void {
    this.open = true;
    if (this.col === this.line.length) {
      if (this.line.length >= this.max) { this.over = true; return; }
      this.line = this.line.length ? this.line + s : s;
    } else {
      this.line = this.line.slice(0, this.col) + s + this.line.slice(this.col + s.length);
    }
    this.col += s.length;
    if (this.line.length > this.max) {
      this.line = this.line.slice(0, this.max);
      this.col = this.max;
      this.over = true;
    }
  }

  private newline(): void {
    this.emit({ text: this.line, n: ++this.count, whole: !this.over });
    this.line = '';
    this.col = 0;
    this.over = false;
    this.open = false;
  }
}
