import type { Glossary } from './glossary.js';
import type { Msg } from './translate.js';
import { proseProblems } from './typography.js';

export interface CatalogProblem {
  key: string;
  line: number;
  msg: Msg;
}

/**
 * The glossary and typography of one translated catalog file (`fr-core.ts`): each message checked
 * as prose (its placeholders masked), each problem at the line its text starts on in `source`.
 * Catalogs have no code spans: code in a message stands in the language's quotes
 * (« exit: 0 », “--name="{value}"”), whose ASCII content keeps its own characters.
 */
export function catalogStyleProblems(
  lang: string,
  source: string,
  catalog: Record<string, string>,
  glossary: Glossary | undefined,
): CatalogProblem[] {
  const lines = source.split('\n');
  return Object.entries(catalog).flatMap(([key, text]) => {
    const at = lines.findIndex((l) => l.trimStart().startsWith(`'${key}':`));
    // A long message starts on the line after its key.
    const line = at >= 0 && /:\s*$/.test(lines[at]!) ? at + 2 : at + 1;
    return proseProblems(lang, text, { markdown: true, glossary }).map((p) => ({ key, line, msg: p.msg }));
  });
}
