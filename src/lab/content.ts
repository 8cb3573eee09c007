import { kindOfShell, type BodyPart, type CommandBlock, type EditionId, type ExampleOutput, type Step } from './model.js';

/**
 * What a step's body holds, seen one way at a time. The body is the only stored form of a step's
 * content; these derive the rest, so commands, examples and prose can never disagree with what the
 * learner reads. (commandFor, the one command an edition runs, is in model.ts beside checksFor.)
 */

type Content = Pick<Step, 'body'>;

/** Every code block as one copy per platform it is for, {norun} ones included, in the order written. */
export function commandsOf(step: Content): CommandBlock[] {
  return codeParts(step).flatMap((p) =>
    p.platforms.map((platform) => ({ platform, shell: p.shell, lang: p.lang, code: p.code, norun: p.norun, line: p.line })),
  );
}

/** The step's code blocks as written: one per fence, whatever platforms it is for. */
export function codeParts(step: Content): Extract<BodyPart, { kind: 'code' }>[] {
  return step.body.filter((p): p is Extract<BodyPart, { kind: 'code' }> => p.kind === 'code');
}

/** Every example output of the step, in the order written. */
export function examplesOf(step: Content): ExampleOutput[] {
  return step.body.flatMap((p) =>
    p.kind === 'example'
      ? [{ text: p.text, line: p.line, ...(p.platform ? { platform: p.platform } : {}), ...(p.shell ? { shell: p.shell } : {}) }]
      : [],
  );
}

/**
 * The docs' output for an edition's command: a `ps` table is no example of what `Get-Process` prints,
 * and the output of a block shown only to read (the 2016 module's) is no example of either.
 */
export function examplesFor(step: Content, e: EditionId): ExampleOutput[] {
  const reading = new Set(step.body.flatMap((p) => (p.kind === 'example' && p.reading ? [p.line] : [])));
  return examplesOf(step).filter(
    (x) => !reading.has(x.line) && (!x.platform || x.platform === e.platform) && (!x.shell || x.shell === kindOfShell(e.shell)),
  );
}

/** The step's Markdown prose without its code and example output: its paragraphs, a blank line apart. */
export function proseOf(step: Content): string {
  return step.body.flatMap((p) => (p.kind === 'markdown' && p.text.trim() ? [p.text.trim()] : [])).join('\n\n');
}
