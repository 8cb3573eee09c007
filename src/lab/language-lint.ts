import { labProblem, type LabProblem } from './errors.js';
import { proseBlocks } from './prose-blocks.js';
import { loadGlossary, type Glossary } from '../i18n/glossary.js';
import { proseProblems } from '../i18n/typography.js';
import { msg } from '../i18n/translate.js';

/**
 * The language of a lab file as a native reader expects it: the glossary's terms and the
 * language's typography, on all of its prose (verdicts and front matter included), with code,
 * commands and example output left as the shell wrote them. One problem per finding, at its line.
 */
export function lintLanguage(file: string, text: string, lang: string, glossary: Glossary | undefined = loadGlossary(lang)): LabProblem[] {
  if (lang === 'en') return [];
  const hint = msg('style.hint', { lang });
  return proseBlocks(text).flatMap((b) =>
    proseProblems(lang, b.text, { markdown: true, glossary }).map((s) => {
      const line = b.line + (b.text.slice(0, s.index).match(/\n/g)?.length ?? 0);
      return labProblem(file, line, s.msg, hint);
    }),
  );
}
