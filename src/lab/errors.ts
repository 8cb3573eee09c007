import { createTranslator, type Msg, type Translate } from '../i18n/translate.js';
import { printable } from '../util/printable.js';

/**
 * A problem in a lab file, always tied to a line so authors can jump to it. `msg`/`hintMsg` word
 * it in the reader's language when shown; `message`/`hint` are the English wording that logs,
 * JSON and tests read (a problem given only in English still works: it is shown as written).
 */
export interface LabProblem {
  file: string;
  line: number;
  message: string;
  hint?: string;
  msg?: Msg;
  hintMsg?: Msg;
}

/** What a rule says: a Msg (preferred: it is translated) or plain English. */
export type Wording = string | Msg;

const english = createTranslator('en');

/** A problem from either kind of wording; a Msg also fills the English fields. */
export function labProblem(file: string, line: number, message: Wording, hint?: Wording): LabProblem {
  const p: LabProblem = { file, line, message: typeof message === 'string' ? message : english(message.key, message.params) };
  if (typeof message !== 'string') p.msg = message;
  if (hint !== undefined) {
    p.hint = typeof hint === 'string' ? hint : english(hint.key, hint.params);
    if (typeof hint !== 'string') p.hintMsg = hint;
  }
  return p;
}

export class LabError extends Error {
  readonly problems: LabProblem[];
  constructor(problems: LabProblem[]) {
    super(problems.map((p) => formatProblem(p)).join('\n'));
    this.name = 'LabError';
    this.problems = problems;
  }
}

/** The problem's text in the reader's language (English without a translator). */
export function problemText(p: LabProblem, t: Translate = english): { message: string; hint?: string } {
  const message = p.msg ? t(p.msg.key, p.msg.params) : p.message;
  const hint = p.hintMsg ? t(p.hintMsg.key, p.hintMsg.params) : p.hint;
  return hint === undefined ? { message } : { message, hint };
}

/** `file:line: message` and an indented hint, in the reader's language. */
export function formatProblem(p: LabProblem, t: Translate = english): string {
  const { message, hint } = problemText(p, t);
  // Messages quote the lab (a misspelt key, a pattern): what they quote is never printed raw.
  return printable(`${p.file}:${p.line}: ${message}${hint ? `\n  ${t('lab.hint', { hint })}` : ''}`);
}

/** No lab has this id: not a file problem (there is no file), so no file:line. */
export class UnknownLabError extends Error {
  constructor(
    readonly ref: string,
    readonly known: readonly string[],
  ) {
    super(`no lab with id "${ref}"`);
    this.name = 'UnknownLabError';
  }
}
