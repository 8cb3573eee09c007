import { parseLab, parseLabFile, parseTranslation } from '../../src/lab/parse.js';
import { LabError, type LabProblem } from '../../src/lab/errors.js';
import type { Lab, Translation } from '../../src/lab/model.js';

/** Builds a lab file from a front matter override and a body, the way authors write them. */
export function labText(body: string, frontMatter = 'id: t\ntitle: T\nplatforms: [linux]'): string {
  return `---\n${frontMatter}\n---\n${body}`;
}

export function parse(text: string, file = 'lab.md'): Lab {
  return parseLab(text, { file });
}

export function parseTranslated(text: string, file = 'lab.md'): Translation {
  return parseTranslation(text, { file });
}

export function problemsOf(text: string, file = 'lab.md'): LabProblem[] {
  try {
    parseLabFile(text, { file });
  } catch (e) {
    if (e instanceof LabError) return e.problems;
    throw e;
  }
  throw new Error('expected the lab to be rejected, but it parsed');
}

/** Line number (1-based) of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return i + 1;
}

/**
 * A step `start` as authors write one: its heading, its isolab block judging it by `checks` (one YAML
 * list item each), and its sh command. Tests add the steps that follow it.
 */
export function startStep(command: string, checks: readonly string[] = ['exit: 0']): string {
  return `
## Start
<!-- isolab
step: start
checks:
${checks.map((c) => `  - ${c}`).join('\n')}
-->
\`\`\`sh
${command}
\`\`\`
`;
}
