import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

/**
 * A verdict is read in places that lay the step's output out differently: below the verdicts in the
 * TUI, in a "failed steps" section after the table in a Markdown report, in a field of its own in
 * JSON. A verdict that says "see the error above" points the wrong way on some of them, so verdicts
 * name where the error is (the command's output) without a direction.
 */

const LABS = join(import.meta.dirname, '..', '..', 'labs');

/** Words that point up or down the screen, per language (as verdicts would use them). */
const DIRECTIONS: Record<string, RegExp> = {
  en: /\b(above|below)\b/i,
  es: /\b(arriba|abajo|error anterior|error siguiente)\b/i,
  fr: /ci-dessus|ci-dessous|plus haut|plus bas/i,
  'zh-CN': /上面|下面|上方|下方|上文|下文/,
};

function labFiles(): { file: string; lang: string }[] {
  const out = readdirSync(LABS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ file: join(LABS, f), lang: 'en' }));
  for (const lang of ['es', 'fr', 'zh-CN'])
    for (const f of readdirSync(join(LABS, lang)).filter((n) => n.endsWith('.md'))) out.push({ file: join(LABS, lang, f), lang });
  return out;
}

/** Every pass/fail wording of a check, source or translation, with its line. */
function verdictLines(file: string): { line: number; text: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ line: i + 1, text }))
    .filter(({ text }) => /(^|[\s{,])(pass|fail):\s*["']/.test(text));
}

test('no verdict of a shipped lab, in any language, sends the learner up or down to find an error', () => {
  const pointing: string[] = [];
  for (const { file, lang } of labFiles())
    for (const { line, text } of verdictLines(file))
      if (DIRECTIONS[lang]!.test(text)) pointing.push(`${file.slice(LABS.length + 1)}:${line}: ${text.trim()}`);
  expect(pointing).toEqual([]);
});

test('the check finds verdict lines in every language (it is not vacuous)', () => {
  for (const lang of Object.keys(DIRECTIONS)) {
    const count = labFiles()
      .filter((l) => l.lang === lang)
      .reduce((n, l) => n + verdictLines(l.file).length, 0);
    expect(count, lang).toBeGreaterThan(20);
  }
});
