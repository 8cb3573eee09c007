import { printable } from '../util/printable.js';

/** A problem in a lab file, always tied to a line so authors can jump to it. */
export interface LabProblem {
  file: string;
  line: number;
  message: string;
  hint?: string;
}

export class LabError extends Error {
  readonly problems: LabProblem[];
  constructor(problems: LabProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LabError';
    this.problems = problems;
  }
}

/** Messages quote the lab (a misspelt key, a pattern): what they quote is never printed raw. */
export function formatProblem(p: LabProblem): string {
  return printable(`${p.file}:${p.line}: ${p.message}` + (p.hint ? `\n  hint: ${p.hint}` : ''));
}
