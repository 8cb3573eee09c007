import type { LabProblem } from './errors.js';
import type { Lab, Step } from './model.js';

/**
 * Keeps a translation in step with its source lab: same steps, same code (byte for byte — the older
 * Spanish doc has an en dash in "–issolation"), made from the current version of each step.
 */
export function lintTranslation(source: Lab, translation: Lab): LabProblem[] {
  const problems: LabProblem[] = [];
  const file = translation.file;
  const add = (line: number, message: string, hint?: string) => problems.push({ file, line, message, ...(hint ? { hint } : {}) });
  if (translation.translationOf !== source.id) add(1, `translationOf is "${translation.translationOf}" but the source lab is "${source.id}"`);
  for (const step of source.steps) {
    if (!translation.steps.some((s) => s.id === step.id)) {
      const before = source.steps.indexOf(step) > 0 ? source.steps[source.steps.indexOf(step) - 1] : undefined;
      const anchor = before ? translation.steps.find((s) => s.id === before.id) : undefined;
      add(anchor?.line ?? 1, `step "${step.id}" of the source (${source.file}:${step.line}) is missing`, 'translate it, or copy the source section in to translate later');
    }
  }
  translation.steps.forEach((t, i) => {
    const s = source.steps.find((x) => x.id === t.id);
    if (!s) {
      add(t.line, `step "${t.id}" is not in the source lab`, 'remove it, or fix its id to match a step of the source');
      return;
    }
    const si = source.steps.indexOf(s);
    const prev = translation.steps[i - 1];
    if (prev && source.steps.findIndex((x) => x.id === prev.id) > si) add(t.line, `step "${t.id}" is out of order (the source has it before "${prev.id}")`);
    problems.push(...stepCodeDifferences(source, s, t, file));
    for (const id of Object.keys(t.verdicts ?? {})) {
      if (!s.checks.some((c) => c.id === id)) add(t.line, `verdicts for "${id}", which is not a check of step "${t.id}"`, `checks of this step: ${s.checks.map((c) => c.id).join(', ') || 'none'}`);
    }
    if (!t.translatedFrom) add(t.line, `step "${t.id}" does not record which source version it translates`, `add "from: ${s.sourceHash}" to its annotation once it matches the source`);
    else if (t.translatedFrom !== s.sourceHash) add(t.line, `step "${t.id}" was translated from an older source (from: ${t.translatedFrom}, source is now ${s.sourceHash})`, `update the translation to the source, then set from: ${s.sourceHash}`);
  });
  return problems;
}

/**
 * Where a translation's code or example output differs from the source's: such a translation is
 * refused when a lab is loaded to run (its code blocks would be shown as if they ran), not only by lint.
 */
export function codeDifferences(source: Lab, translation: Lab): LabProblem[] {
  // A stale step is shown from the source anyway; its code may lag behind until it is updated.
  return translation.steps.flatMap((t) => {
    const s = source.steps.find((x) => x.id === t.id);
    return s && t.translatedFrom === s.sourceHash ? stepCodeDifferences(source, s, t, translation.file, false) : [];
  });
}

function stepCodeDifferences(source: Lab, s: Step, t: Step, file: string, examples = true): LabProblem[] {
  const problems: LabProblem[] = [];
  const add = (line: number, message: string, hint?: string) => problems.push({ file, line, message, ...(hint ? { hint } : {}) });
    // A source fence for several platforms is one block per platform in the model: compare fences.
    const srcBlocks = s.commands.filter((c, k) => s.commands.findIndex((o) => o.line === c.line) === k);
    if (t.commands.length !== srcBlocks.length) {
      add(t.line, `step "${t.id}" has ${t.commands.length} code blocks; the source has ${srcBlocks.length}`, 'copy the code blocks from the source unchanged');
    }
    t.commands.forEach((block, j) => {
      const src = srcBlocks[j];
      if (src && (block.code !== src.code || block.shell !== src.shell || block.norun !== src.norun)) {
        const diff = firstDifference(src.code, block.code);
        add(block.line, `code differs from the source (${source.file}:${src.line})${diff ? `: ${diff}` : ''}`, 'code is not translated: copy the block from the source exactly');
      }
    });
    // Example output is copied too (the translated page must show what the source shows).
    if (!examples) return problems;
    if (t.examples.length !== s.examples.length) {
      add(t.line, `step "${t.id}" has ${t.examples.length} example outputs; the source has ${s.examples.length}`, 'copy the output blocks from the source unchanged');
    } else {
      t.examples.forEach((ex, j) => {
        const src = s.examples[j]!;
        if (ex.text !== src.text) add(ex.line, `example output differs from the source (${source.file}:${src.line})${firstDifference(src.text, ex.text) ? `: ${firstDifference(src.text, ex.text)}` : ''}`, 'output is not translated: copy the block from the source exactly');
      });
    }
  return problems;
}

function firstDifference(a: string, b: string): string | undefined {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return undefined;
  const show = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 8), i + 12));
  const ch = b[i];
  const odd = ch && /[\u2010-\u2015\u2212\u00a0\u2018\u2019\u201c\u201d]/.test(ch) ? ` (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not an ASCII character)` : '';
  return `source has ${show(a)}, translation has ${show(b)}${odd}`;
}
