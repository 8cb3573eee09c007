import type { Token, Tokens } from 'marked';
import { readCodeBlock, type BlockContext } from './console.js';
import type { DraftPart, DraftStep } from './draft.js';

/**
 * Cuts a page into steps. A step runs one command, so every command starts a step, taking the prose
 * that leads to it; what follows a command (its output, more prose, an output-only `### Output`
 * section) stays in that step until the next command or heading. A section with no command at all
 * is a reading step.
 */
export function draftSteps(tokens: Token[], ctx: BlockContext): { intro: DraftPart[]; steps: DraftStep[] } {
  const intro: DraftPart[] = [];
  const steps: DraftStep[] = [];
  let section: { title: string; depth: number; parent?: string } | undefined;
  let h2: string | undefined;
  let pending: DraftPart[] = [];
  let current: DraftStep | undefined;
  let commands = 0;

  const closeSection = () => {
    if (pending.some((p) => p.kind !== 'prose' || p.raw.trim())) {
      if (current) current.parts.push(...pending);
      else if (section) steps.push(newStep(section.title, section.parent, pending, true));
      else intro.push(...pending);
    }
    pending = [];
  };

  let titled = false;
  let lastBlock: DraftPart | undefined;
  for (const token of tokens) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      // The first # heading is the page's title (the lab's title); READMEs use later ones as sections.
      if (heading.depth === 1 && !titled) {
        titled = true;
        continue;
      }
      closeSection();
      lastBlock = undefined;
      const title = cleanHeading(heading.text);
      const depth = Math.max(2, heading.depth);
      if (depth === 2) h2 = title;
      section = { title, depth, ...(depth > 2 && h2 ? { parent: h2 } : {}) };
      current = undefined;
      commands = 0;
      continue;
    }
    // A docs page cannot carry isolab annotations of its own: they would be taken for the skeleton's.
    if (token.type === 'html' && /^\s*<!--\s*isolab\b/.test(token.raw)) continue;
    if (token.type === 'space') {
      pending.push({ kind: 'prose', raw: token.raw });
      continue;
    }
    const afterCommand = lastBlock?.kind === 'command';
    const pieces: DraftPart[] =
      token.type === 'code'
        ? readCodeBlock((token as Tokens.Code).lang ?? '', (token as Tokens.Code).text, ctx, afterCommand)
        : [{ kind: 'prose', raw: token.raw }];
    lastBlock = pieces[pieces.length - 1];
    for (const piece of pieces) {
      if (piece.kind === 'prose') pending.push(piece);
      else if (piece.kind === 'command') {
        // Before the first heading and the first command, the page introduces itself; the paragraph
        // right before the command ("Start a container running ping:") introduces the command, and
        // stays with its step, as it does for every later command.
        if (!section && steps.length === 0) intro.push(...pending.splice(0, leadOf(pending)));
        commands++;
        const words = commandWords(piece.command.code);
        const headed = !!section && commands === 1;
        current = newStep(
          headed ? section!.title : section ? `${section.title}: ${words}` : words,
          section?.parent,
          [...pending, piece],
          headed,
        );
        current.command = piece.command;
        steps.push(current);
        pending = [];
      } else if (current) {
        current.parts.push(...pending, piece);
        pending = [];
      } else {
        // "### Output" right under a command: the docs show what that command printed.
        const prev = steps[steps.length - 1];
        if (section && commands === 0 && prev?.command && !pending.some((p) => p.kind !== 'prose')) {
          prev.parts.push({ kind: 'prose', raw: `${'#'.repeat(Math.max(3, section.depth))} ${section.title}\n\n` }, ...pending, piece);
          current = prev;
          pending = [];
        } else pending.push(piece);
      }
    }
  }
  closeSection();
  uniqueTitles(steps);
  return { intro, steps };
}

/** Where the paragraph that leads to a command begins in the parts before it: the last one with words, if it is prose. */
function leadOf(parts: DraftPart[]): number {
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (p.kind === 'prose' && !p.raw.trim()) continue;
    return p.kind === 'prose' ? i : parts.length;
  }
  return parts.length;
}

function newStep(title: string, parent: string | undefined, parts: DraftPart[], headed = false): DraftStep {
  return { title, ...(parent ? { parent } : {}), headed, parts, checks: [], notes: [] };
}

export function cleanHeading(text: string): string {
  return text
    .replace(/<a\s+name="[^"]*"\s*><\/a>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A title for the second command of a section: its first words, without the values in them. */
function commandWords(code: string): string {
  const words = code.split('\n')[0]!.trim().split(/\s+/).slice(0, 3);
  return words
    .map((w) => (/\{\{/.test(w) ? '…' : w.replace(/[0-9a-f]{12,}|\d{3,}/g, '…')))
    .join(' ')
    .replace(/[`*_[\]<>]/g, '');
}

/** Translations and reports tell steps apart by title too: "Create a container" twice is ambiguous. */
function uniqueTitles(steps: DraftStep[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    let title = step.title;
    // Two sections called "Create a container" under different ## headings: name the heading.
    if (seen.has(title) && step.headed && step.parent && !seen.has(`${step.parent}: ${title}`)) title = `${step.parent}: ${title}`;
    for (let n = 2; seen.has(title); n++) title = `${step.title} (${n})`;
    seen.add(title);
    step.title = title;
  }
}
