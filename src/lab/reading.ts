import { kindOfShell, type BodyPart, type EditionId, type Platform, type ShellKind } from './model.js';
import { fillPlaceholders } from '../value/placeholders.js';

/** What a learner reads for a step, in the order the author wrote it. */
type ReadingPart =
  | { kind: 'markdown'; text: string }
  /** A command shown to read, never run here: marked {norun}, or another platform's variant. */
  | { kind: 'toRead'; code: string; platforms: Platform[]; shell?: ShellKind }
  /** Where this edition's command stands in the text: the UI shows it in its own box. */
  | { kind: 'command' }
  | { kind: 'example'; text: string; platform?: Platform; shell?: ShellKind };

/**
 * A step's body for one edition: its own runnable command is pointed to (it is shown, then run,
 * below), every other block stays where it was written. The docs' example output for this edition
 * is kept only when nothing runs (read-only): otherwise the real output takes its place.
 */
export function readingFor(body: BodyPart[], edition: EditionId, opts: { readOnly: boolean; otherPlatformsLast?: boolean }): ReadingPart[] {
  const parts = readingInOrder(body, edition, opts.readOnly);
  return opts.otherPlatformsLast ? otherPlatformsLast(parts, edition) : parts;
}

/**
 * What is only for another platform (its commands, their output, and the sentence that introduces
 * them, "On Windows, Get-Process plays the part of ps:") moves after this platform's own command that
 * comes next, so a Linux learner reads the Linux command first and the Windows one right after it —
 * before any text that speaks of both ("Those two commands…"). Only the introducing sentence moves:
 * the paragraph's general sentences stay where they were written.
 */
function otherPlatformsLast(parts: ReadingPart[], { platform, shell }: EditionId): ReadingPart[] {
  // Another edition's text: another platform's, or this platform's in the other shell.
  const otherShell = (s: ShellKind | undefined) => !!s && s !== kindOfShell(shell);
  const out: ReadingPart[] = [];
  let pending: ReadingPart[] = [];
  const flush = () => {
    out.push(...pending);
    pending = [];
  };
  for (const part of parts) {
    const foreign =
      (part.kind === 'toRead' && (!part.platforms.includes(platform) || otherShell(part.shell))) ||
      (part.kind === 'example' && ((part.platform !== undefined && part.platform !== platform) || otherShell(part.shell)));
    if (foreign) {
      const prev = out[out.length - 1];
      if (prev?.kind === 'markdown') {
        const split = splitLead(prev.text);
        if (split) {
          out.pop();
          if (split.rest.trim()) out.push({ kind: 'markdown', text: split.rest });
          pending.push({ kind: 'markdown', text: split.lead });
        }
      }
      pending.push(part);
      continue;
    }
    // Text that introduces this platform's next command waits with it; any other text comes after
    // what was held back (it may speak of both platforms).
    if (part.kind === 'markdown' && pending.length && !endsWithLead(part.text)) flush();
    out.push(part);
    if (part.kind === 'command' || part.kind === 'toRead') flush();
  }
  flush();
  return out;
}

const LEAD_END = /[:：]\s*$/u;

function endsWithLead(text: string): boolean {
  return LEAD_END.test(text.trimEnd());
}

/**
 * The sentence that introduces a code block (the last one of the last paragraph, ending in ":" or
 * "："), and the text before it; undefined when the text introduces nothing.
 */
function splitLead(text: string): { lead: string; rest: string } | undefined {
  const trimmed = text.trimEnd();
  if (!endsWithLead(trimmed)) return undefined;
  const paragraphs = trimmed.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1]!;
  // Sentence ends: ". " (Latin, followed by a space) or "。" and its kin (CJK, no space needed).
  const ends = [...last.matchAll(/[.!?](?=\s)|[。！？]/gu)].map((m) => m.index! + m[0].length);
  const cut = ends.length ? ends[ends.length - 1]! : 0;
  const before = last.slice(0, cut).trimEnd();
  const lead = last.slice(cut).trim();
  return { lead, rest: [...paragraphs.slice(0, -1), ...(before ? [before] : [])].join('\n\n') };
}

function readingInOrder(body: BodyPart[], { platform, shell }: EditionId, readOnly: boolean): ReadingPart[] {
  const out: ReadingPart[] = [];
  let ownShown = false;
  const ownShell = (s: ShellKind | undefined) => !s || s === kindOfShell(shell);
  for (const part of body) {
    if (part.kind === 'markdown') out.push(part);
    else if (part.kind === 'code') {
      const own = !part.norun && part.platforms.includes(platform) && ownShell(part.shell);
      if (own && !ownShown) {
        ownShown = true;
        out.push({ kind: 'command' });
      } else if (!own)
        out.push({ kind: 'toRead', code: part.code, platforms: part.platforms, ...(part.shell ? { shell: part.shell } : {}) });
    } else if (part.reading || part.platform !== platform || !ownShell(part.shell) || readOnly) {
      // The output of a block shown to read stays beside it: no real output takes its place.
      out.push({
        kind: 'example',
        text: part.text,
        ...(part.platform ? { platform: part.platform } : {}),
        ...(part.shell ? { shell: part.shell } : {}),
      });
    }
  }
  return out;
}

/**
 * A command as text to read (never to run): known values filled in as they are, unknown ones shown
 * as a word in angle brackets — `kill <number>` reads better than `kill {{pid}}`. The word is the
 * caller's (the value's type in the reader's language): a capture's own name is the author's, never
 * the learner's.
 */
export function commandForReading(code: string, values: ReadonlyMap<string, { value: string }>, word: (name: string) => string): string {
  return fillPlaceholders(code, (name) => values.get(name)?.value ?? `<${word(name)}>`);
}
