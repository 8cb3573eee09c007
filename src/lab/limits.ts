import type { Report } from './schema-issues.js';

/**
 * What a lab file may be, checked before the Markdown and YAML libraries see it: both recurse on
 * nesting, and a hostile file (lists 3,000 deep, `[[[[…` in an annotation, 50 MB of prose) made
 * lint take minutes and gigabytes, or crash. Within these limits lint and run stay under ~10 s
 * and a few hundred MB; the shipped labs use a small part of each.
 */
export const LAB_LIMITS = {
  /** The whole file (the largest shipped lab is 24 KiB; 512 KiB of lists takes the Markdown lexer ~5 s). */
  fileBytes: 512 * 1024,
  /** One line (a one-line command of 128 KiB still fits). */
  lineChars: 128 * 1024,
  /** Lists, block quotes and indentation (two columns a level) outside code blocks; flow nesting in YAML. */
  nesting: 16,
  /** Step annotations (`<!-- isolab`) in one file. */
  steps: 200,
  /** One code block: a command reaches its shell as a file, so this is about reading, not running. */
  codeBlockBytes: 256 * 1024,
} as const;

const KiB = (n: number) => `${Math.round(n / 1024)} KiB`;

export function fileTooBig(bytes: number): { message: string; hint: string } | undefined {
  if (bytes <= LAB_LIMITS.fileBytes) return undefined;
  return {
    message: `the lab file is ${KiB(bytes)}; a lab may be at most ${KiB(LAB_LIMITS.fileBytes)}`,
    hint: 'split it into several labs, or move long output into a smaller example',
  };
}

/**
 * Line length, nesting and step count, in one linear pass. Reports the first line past each limit
 * (one problem per kind is enough to act on) and returns false when parsing must not go on.
 */
export function checkInputLimits(text: string, report: Report): boolean {
  const big = fileTooBig(Buffer.byteLength(text, 'utf8'));
  if (big) {
    report(1, big.message, big.hint);
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  const once = (kind: string, line: number, message: string, hint: string) => {
    ok = false;
    if (seen.has(kind)) return;
    seen.add(kind);
    report(line, message, hint);
  };
  let yaml = text.startsWith('---') || text.startsWith('\uFEFF---');
  let flowDepth = 0;
  let steps = 0;
  let lineNo = 0;
  let fence = '';
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, end);
    start = end + 1;
    if (line.length > LAB_LIMITS.lineChars) {
      once(
        'line',
        lineNo,
        `line ${lineNo} is ${KiB(line.length)} long; a line may be at most ${KiB(LAB_LIMITS.lineChars)}`,
        'break it up: a command can continue on the next line with \\',
      );
      continue;
    }
    if (/^\s*<!--\s*isolab\b/.test(line)) {
      yaml = true;
      if (++steps === LAB_LIMITS.steps + 1)
        once('steps', lineNo, `more than ${LAB_LIMITS.steps} steps in one lab`, 'split it into several labs');
    }
    // Only a top-level fence is recognised: a line the Markdown lexer could read as a list is counted.
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && /^ {0,3}[`~]+\s*$/.test(line)) fence = '';
      continue;
    }
    if (f) {
      fence = f;
      continue;
    }
    const depth = blockDepth(line);
    if (depth > LAB_LIMITS.nesting)
      once(
        'nesting',
        lineNo,
        `nested ${depth} levels deep; at most ${LAB_LIMITS.nesting} levels of lists, quotes or indentation`,
        'flatten the structure: deep nesting reads badly too',
      );
    if (yaml) {
      flowDepth = flowNesting(line, flowDepth);
      if (flowDepth > LAB_LIMITS.nesting) {
        once('flow', lineNo, `YAML nested more than ${LAB_LIMITS.nesting} levels deep`, 'flatten the [ ] and { } in the annotation');
        flowDepth = 0;
      }
      if (/-->/.test(line) || (lineNo > 1 && /^---\s*$/.test(line))) {
        yaml = false;
        flowDepth = 0;
      }
    }
  }
  return ok;
}

/** Leading indentation (two columns a level, tabs four) plus list markers and `>` at the start. */
function blockDepth(line: string): number {
  const m = /^[ \t]*/.exec(line)![0];
  let cols = 0;
  for (const c of m) cols += c === '\t' ? 4 : 1;
  const markers = /^(?:(?:>|[-*+]|\d{1,9}[.)])[ \t]*)*/.exec(line.slice(m.length))![0];
  const count = markers.length ? (markers.match(/>|[-*+]|\d{1,9}[.)]/g) ?? []).length : 0;
  return Math.floor(cols / 2) + count;
}

/** Open `[`/`{` at the end of the line, ignoring quoted text (enough to bound the YAML parser's recursion). */
function flowNesting(line: string, depth: number): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    if (depth > LAB_LIMITS.nesting) return depth;
  }
  return depth;
}
