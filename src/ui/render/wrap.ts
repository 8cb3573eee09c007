import stringWidth from 'string-width';

/**
 * Line breaking for text that mixes Chinese (or Japanese, Korean) with Latin words. Word-based
 * wrapping only breaks at spaces, which leaves Chinese paragraphs ragged (a whole clause moves to
 * the next line); CJK text may break between any two characters, except before closing
 * punctuation and after opening punctuation. ANSI styles are carried over the break, so a styled word stays styled.
 */
const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF\u3000-\u303F]/u;
/** Characters that must not start a line (closing punctuation), nor follow a break made at a space. */
const NO_START = /[，。、；：！？）」』】》〉”’,.;:!?)\]}»…]/u;
/** Characters that must not end a line (opening punctuation): "runsc-sandbox（" then "PID …" reads broken. */
const NO_END = /[（「『【《〈“‘([{«]/u;
/** No-break spaces: a line never starts with one, and never breaks next to one. */
const NBSP = /[\u00A0\u202F\u2007]/u;
const SGR = /^\u001B\[[0-9;]*m/;
/** An OSC 8 hyperlink's opening or closing sequence: kept whole, and re-opened on the next line. */
const OSC8 = /^\u001B\]8;[^\u0007\u001B]*;([^\u0007\u001B]*)(?:\u0007|\u001B\\)/;
const LINK_CLOSE = '\u001B]8;;\u001B\\';

/** Columns a text takes on a terminal (its widest line): a Chinese character takes two. */
export function displayWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => stringWidth(l)));
}

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

interface Piece {
  text: string;
  width: number;
  ansi: boolean;
}

function pieces(line: string): Piece[] {
  const out: Piece[] = [];
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let i = 0;
  while (i < line.length) {
    const sgr = SGR.exec(line.slice(i)) ?? OSC8.exec(line.slice(i));
    if (sgr) {
      out.push({ text: sgr[0], width: 0, ansi: true });
      i += sgr[0].length;
      continue;
    }
    const next = line.slice(i).search(/\u001B[[\]]/);
    const chunk = next < 0 ? line.slice(i) : line.slice(i, i + Math.max(next, 1));
    for (const { segment } of segmenter.segment(chunk)) out.push({ text: segment, width: stringWidth(segment), ansi: false });
    i += chunk.length;
  }
  return out;
}

/** Wraps one line to `width` columns; returns the lines. Lines that fit are returned unchanged. */
export function wrapLine(line: string, width: number): string[] {
  if (stringWidth(line) <= width) return [line];
  const ps = pieces(line);
  const lines: string[] = [];
  let current: Piece[] = [];
  let used = 0;
  // SGR codes in effect where a line starts, replayed there so a style survives the break; and the
  // hyperlink open there (a link that wraps stays one link on both lines).
  let activeAtStart: string[] = [];
  let linkAtStart: string | undefined;
  const flush = (upTo: number) => {
    const head = current.slice(0, upTo);
    const rest = current.slice(upTo);
    // Trailing spaces at a break are dropped, as any wrapper does.
    while (head.length && !head[head.length - 1]!.ansi && head[head.length - 1]!.text === ' ') head.pop();
    let link = linkAtStart;
    for (const p of head) if (OSC8.test(p.text)) link = OSC8.exec(p.text)![1] ? p.text : undefined;
    const styled = activeAtStart.length > 0 || head.some((p) => p.ansi && !OSC8.test(p.text));
    lines.push(
      (linkAtStart ?? '') +
        activeAtStart.join('') +
        head.map((p) => p.text).join('') +
        (styled ? '\u001B[0m' : '') +
        (link ? LINK_CLOSE : ''),
    );
    linkAtStart = link;
    // The codes in effect at the start of the next line: those seen up to the break.
    let codes = [...activeAtStart];
    for (const p of head)
      if (p.ansi && !OSC8.test(p.text)) codes = p.text === '\u001B[0m' || p.text === '\u001B[m' ? [] : [...codes, p.text];
    activeAtStart = codes;
    // A line never starts with a space or a no-break space.
    while (rest.length && !rest[0]!.ansi && (rest[0]!.text === ' ' || NBSP.test(rest[0]!.text))) rest.shift();
    current = rest;
    used = rest.reduce((n, p) => n + p.width, 0);
  };
  for (const p of ps) {
    if (p.ansi) {
      current.push(p);
      continue;
    }
    // A space never overflows: it is dropped at a break, and the word after it decides where the line
    // breaks (so a word that ends exactly at the edge stays on its line).
    if (used + p.width > width && p.text !== ' ' && current.some((c) => !c.ansi)) {
      flush(breakIndex(current, p));
    }
    current.push(p);
    used += p.width;
  }
  // Spaces past the edge at the very end are dropped too (they never forced a break).
  while (used > width && current.length && !current[current.length - 1]!.ansi && current[current.length - 1]!.text === ' ')
    used -= current.pop()!.width;
  if (current.length) lines.push((linkAtStart ?? '') + activeAtStart.join('') + current.map((p) => p.text).join(''));
  return lines;
}

/** Where to break `current` before adding `next`: after the last space, or next to a CJK character. */
function breakIndex(current: Piece[], next: Piece): number {
  const at = (i: number) => (i < current.length ? current[i]! : next);
  /** The first visible piece from i on (styles and links take no room). */
  const visibleFrom = (i: number) => {
    while (i < current.length && current[i]!.ansi) i++;
    return at(i);
  };
  // Each place between two visible pieces is tried once, right after the first: a style's codes
  // between them ("hyperv" ESC[39m "（") never hide the place to break ("--isolation=hyper" "v（").
  for (let i = current.length; i > 0; i--) {
    const before = current[i - 1]!;
    if (before.ansi) continue;
    const after = visibleFrom(i);
    if (NBSP.test(before.text) || NBSP.test(after.text)) continue;
    // After a space: unless what follows is closing punctuation (French "mot :", "texte )").
    if (before.text === ' ') {
      if (!NO_START.test(after.text)) return i;
      continue;
    }
    if ((CJK.test(before.text) || CJK.test(after.text)) && !NO_START.test(after.text) && !NO_END.test(before.text)) return i;
  }
  // No opportunity: a hard break, moved back so the next line does not start with closing punctuation.
  const startsNext = (i: number) => {
    while (i < current.length && (current[i]!.ansi || current[i]!.text === ' ')) i++;
    return at(i);
  };
  let i = current.length;
  while (i > 1 && (NO_START.test(startsNext(i).text) || NBSP.test(at(i).text) || at(i).ansi || NO_END.test(at(i - 1).text))) i--;
  return i;
}

/** A list item's bullet or number, or a line's indent: what a wrapped line hangs under. */
const HANG = /^(\s*(?:[*•◦▪‣-]|\d+[.)])\s+|\s+)/;

/**
 * Wraps like wrapLine, with the continuation lines hanging under the text of the first: a wrapped
 * list item or indented line ("  * the PID was 4242 …") still reads as one item, not as a new one.
 */
export function wrapHanging(line: string, width: number): string[] {
  return hangUnder(line, width, HANG.exec(line)?.[1] ?? '');
}

/** Wraps `line`, whose first characters are `prefix`, with its continuation lines under the text after it. */
function hangUnder(line: string, width: number, prefix: string): string[] {
  if (displayWidth(line) <= width) return [line];
  const hang = displayWidth(prefix);
  if (!hang || hang > width / 2) return wrapLine(line, width);
  return wrapLine(line.slice(prefix.length), width - hang).map((l, i) => (i ? ' '.repeat(hang) : prefix) + l);
}

/** A status mark and its space at a line's start ("✔ ", "⚠ ", "⏸ "): what a wrapped line hangs under. */
const MARK = /^([^\p{L}\p{N}\p{P}\s]\uFE0F? )/u;

/**
 * Wraps like wrapLine, the rest of a line that starts with a status mark hanging under the text after
 * it ("⏸ namespaces is paused; …" then "  olab to resume"): the lines printed after the UI has gone.
 */
export function wrapMarked(line: string, width: number): string[] {
  return hangUnder(line, width, MARK.exec(line)?.[1] ?? '');
}

/**
 * An address longer than the line, broken after its slashes (then its other separators): each piece
 * ends where an address may end, so no line looks cut mid-word and a reader can see where it goes on.
 * A piece with no separator in `width` columns is broken at the width, as wrapLine would.
 */
export function breakUrl(url: string, width: number): string[] {
  const out: string[] = [];
  let rest = url;
  while (displayWidth(rest) > width) {
    const head = rest.slice(0, width);
    // After a / ? or #, where a reader sees the address go on; at a hyphen only when there is none
    // ("manage-" / "containers/…" reads as a word split, and as a link that ends at "manage-").
    const part = Math.max(head.lastIndexOf('/'), head.lastIndexOf('?'), head.lastIndexOf('#'));
    const at = part > 0 ? part : head.lastIndexOf('-');
    const cut = at > 0 ? at + 1 : width;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/** A console line's indent and its mark ("  ✔ ", "  │ ", "  $ ", "✘ ", "  → "): what its wrapped rest hangs under. */
const CONSOLE_HANG = /^(\s*(?:[^\p{L}\p{N}\s]\uFE0F?\s+)?)/u;
const SGR_ALL = /\u001B\[[0-9;]*m/g;

/**
 * Wraps a line printed to a terminal by the CLI (isolab run, isolab doctor) as the TUI wraps: between
 * words, the rest hanging under the text after the line's indent and mark, the styles of the line kept.
 * Output shown after a bar ("  │ ") keeps its bar on every line it wraps to, so it still reads as output.
 */
export function wrapConsoleLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const prefix = CONSOLE_HANG.exec(line.replace(SGR_ALL, ''))?.[1] ?? '';
  const hang = displayWidth(prefix);
  if (!hang || hang > width / 2) return wrapLine(line, width);
  // Where the prefix ends in the styled line; the styles opened in it go on in the rest.
  let i = 0;
  let seen = 0;
  const styles: string[] = [];
  while (seen < prefix.length) {
    const sgr = SGR.exec(line.slice(i));
    if (sgr) {
      styles.push(sgr[0]);
      i += sgr[0].length;
    } else {
      i++;
      seen++;
    }
  }
  const head = line.slice(0, i);
  const gutter = prefix.trim() === '│' ? head : ' '.repeat(hang);
  return wrapLine(styles.join('') + line.slice(i), width - hang).map((l, n) => (n ? gutter : head) + l);
}
