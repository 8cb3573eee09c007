import { labProblem, type LabProblem, type Wording } from './errors.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Lab, Step, TranslatedStep, Translation } from './model.js';
import { codeParts, examplesOf } from './content.js';
import { frontParity, proseParity } from './prose-parity.js';

/**
 * Keeps a translation in step with its source lab: same steps, same code (byte for byte — the older
 * Spanish doc has an en dash in "–issolation"), made from the current version of each step.
 */
export function lintTranslation(source: Lab, translation: Translation): LabProblem[] {
  const problems: LabProblem[] = [];
  const file = translation.file;
  const add = (line: number, message: Wording, hint?: Wording) => problems.push(labProblem(file, line, message, hint));
  if (translation.translationOf !== source.id)
    add(1, msg('lab.tr.wrongSource', { translationOf: translation.translationOf, source: source.id }));
  // The text before the first step (title, summary, recap, introduction) has a stamp of its own.
  if (!translation.translatedFrom) add(1, msg('lab.tr.noFromFront'), msg('lab.tr.noFromFront.hint', { hash: source.proseHash }));
  else if (translation.translatedFrom !== source.proseHash)
    add(
      1,
      msg('lab.tr.staleFront', { from: translation.translatedFrom, hash: source.proseHash }),
      msg('lab.tr.noFromFront.hint', { hash: source.proseHash }),
    );
  else problems.push(...frontParity(source, translation));
  for (const step of source.steps) {
    if (!translation.steps.some((s) => s.id === step.id)) {
      const before = source.steps.indexOf(step) > 0 ? source.steps[source.steps.indexOf(step) - 1] : undefined;
      const anchor = before ? translation.steps.find((s) => s.id === before.id) : undefined;
      add(
        anchor?.line ?? 1,
        msg('lab.tr.missingStep', { step: step.id, where: `${source.file}:${step.line}` }),
        msg('lab.tr.missingStep.hint'),
      );
    }
  }
  translation.steps.forEach((t, i) => {
    const s = source.steps.find((x) => x.id === t.id);
    if (!s) {
      add(t.line, msg('lab.tr.extraStep', { step: t.id }), msg('lab.tr.extraStep.hint'));
      return;
    }
    const si = source.steps.indexOf(s);
    const prev = translation.steps[i - 1];
    if (prev && source.steps.findIndex((x) => x.id === prev.id) > si) add(t.line, msg('lab.tr.outOfOrder', { step: t.id, prev: prev.id }));
    problems.push(...stepCodeDifferences(source, s, t, file));
    for (const id of Object.keys(t.verdicts)) {
      if (!s.checks.some((c) => c.id === id))
        add(
          t.line,
          msg('lab.tr.unknownVerdicts', { check: id, step: t.id }),
          s.checks.length ? msg('lab.tr.stepChecks', { checks: s.checks.map((c) => c.id).join(', ') }) : msg('lab.tr.noChecks'),
        );
    }
    if (!t.translatedFrom) add(t.line, msg('lab.tr.noFrom', { step: t.id }), msg('lab.tr.noFrom.hint', { hash: s.proseHash }));
    else if (t.translatedFrom !== s.proseHash)
      add(
        t.line,
        msg('lab.tr.stale', { step: t.id, from: t.translatedFrom, hash: s.proseHash }),
        msg('lab.tr.stale.hint', { hash: s.proseHash }),
      );
    // A current stamp vouches for the text: the text must carry what the source's does.
    else problems.push(...proseParity(source, s, t, file));
  });
  return problems;
}

/**
 * Where a translation's code or example output differs from the source's: such a translation is
 * refused when a lab is loaded to run (its code blocks would be shown as if they ran), not only by lint.
 */
export function codeDifferences(source: Lab, translation: Translation): LabProblem[] {
  // A stale step is shown from the source anyway; its code may lag behind until it is updated.
  return translation.steps.flatMap((t) => {
    const s = source.steps.find((x) => x.id === t.id);
    return s && t.translatedFrom === s.proseHash ? stepCodeDifferences(source, s, t, translation.file, false) : [];
  });
}

function stepCodeDifferences(source: Lab, s: Step, t: TranslatedStep, file: string, examples = true): LabProblem[] {
  const problems: LabProblem[] = [];
  const add = (line: number, message: Wording, hint?: Wording) => problems.push(labProblem(file, line, message, hint));
  // Fences are compared as written, one for one, whatever platforms each is for.
  const srcBlocks = codeParts(s);
  const blocks = codeParts(t);
  if (blocks.length !== srcBlocks.length) {
    add(t.line, msg('lab.tr.blockCount', { step: t.id, count: blocks.length, source: srcBlocks.length }), msg('lab.tr.blockCount.hint'));
  }
  blocks.forEach((block, j) => {
    const src = srcBlocks[j];
    if (src && (block.code !== src.code || block.shell !== src.shell || block.norun !== src.norun)) {
      const diff = firstDifference(src.code, block.code);
      const where = `${source.file}:${src.line}`;
      add(
        block.line,
        diff ? msg('lab.tr.codeDiffersAt', { where, diff }) : msg('lab.tr.codeDiffers', { where }),
        msg('lab.tr.codeDiffers.hint'),
      );
    }
  });
  // Example output is copied too (the translated page must show what the source shows).
  if (!examples) return problems;
  const srcExamples = examplesOf(s);
  const exs = examplesOf(t);
  if (exs.length !== srcExamples.length) {
    add(t.line, msg('lab.tr.exampleCount', { step: t.id, count: exs.length, source: srcExamples.length }), msg('lab.tr.exampleCount.hint'));
  } else {
    exs.forEach((ex, j) => {
      const src = srcExamples[j]!;
      if (ex.text === src.text) return;
      const where = `${source.file}:${src.line}`;
      const diff = firstDifference(src.text, ex.text);
      add(
        ex.line,
        diff ? msg('lab.tr.exampleDiffersAt', { where, diff }) : msg('lab.tr.exampleDiffers', { where }),
        msg('lab.tr.exampleDiffers.hint'),
      );
    });
  }
  return problems;
}

function firstDifference(a: string, b: string): Msg | undefined {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const show = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 8), i + 12));
  const ch = b[i];
  const odd = ch && /[\u2010-\u2015\u2212\u00a0\u2018\u2019\u201c\u201d]/.test(ch);
  const texts = { source: show(a), translation: show(b) };
  return odd
    ? msg('lab.tr.diffChar', { ...texts, char: `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` })
    : msg('lab.tr.diff', texts);
}
