import { LabError, labProblem, type LabProblem } from './errors.js';
import { msg } from '../i18n/translate.js';
import {
  PLATFORM_SHELLS,
  commandFor,
  defaultShell,
  isTranslation,
  type BodyPart,
  type EditionId,
  type Lab,
  type Platform,
  type Requirement,
  type Translation,
} from './model.js';
import { frontMatterSchema, translationFrontMatterSchema } from './schema.js';
import { reportIssues, type Report } from './schema-issues.js';
import { parseYamlSource, splitFrontMatter, type YamlSource } from './yaml-source.js';
import { validateLab } from './validate.js';
import { firstControl, firstInvisible, firstNotPlain, invisibleAt, printable, printableDeep, printableLine } from '../util/printable.js';
import { fitsType, inferType, type CaptureType } from '../value/types.js';
import { placeholdersIn } from '../value/placeholders.js';
import { checkInputLimits } from './limits.js';
import { toRequirement, walkBody } from './body-walker.js';
import { codeParts } from './content.js';
import { hashFront } from './step-hash.js';

export interface ParseOptions {
  /** Shown in messages; usually the path as the user typed it. */
  file: string;
}

/**
 * Parses a lab file, a source lab or a translation (its front matter names `translationOf`).
 * Throws LabError with every problem found, each as file:line, so an author fixes a file in one pass.
 */
export function parseLabFile(text: string, { file }: ParseOptions): Lab | Translation {
  const problems: LabProblem[] = [];
  const report: Report = (line, message, hint) => problems.push(labProblem(file, line, message, hint));

  // Checked before the Markdown and YAML libraries see the text: they recurse on nesting.
  if (!checkInputLimits(text, report)) throw new LabError(problems);
  // A terminal acts on control characters: a lab must not be able to hide or rewrite what is shown.
  text.split('\n').forEach((line, i) => {
    const control = firstControl(line.replace(/\r$/, ''));
    if (control) report(i + 1, msg('lab.control', { char: control }), msg('lab.control.hint'));
  });
  const fm = splitFrontMatter(text);
  if (fm.yaml === undefined) {
    report(1, msg('lab.noFrontMatter'), msg('lab.noFrontMatter.hint'));
    throw new LabError(problems);
  }
  if (fm.bodyLine < 0) {
    report(1, msg('lab.frontMatterOpen'), msg('lab.frontMatterOpen.hint'));
    throw new LabError(problems);
  }
  const fmSource = parseYamlSource(fm.yaml, fm.yamlLine);
  if (fmSource.errors.length) {
    for (const e of fmSource.errors)
      report(e.line, msg('lab.badYamlFrontMatter', { problem: e.problem, error: e.message }), msg('lab.badYamlFrontMatter.hint'));
    throw new LabError(problems);
  }
  const translation = typeof fmSource.value === 'object' && fmSource.value !== null && 'translationOf' in fmSource.value;
  const header = parseFrontMatter(fmSource, translation, report);
  const platforms = header?.platforms ?? ['linux'];
  const body = walkBody(fm.body, fm.bodyLine, { labPlatforms: platforms, isTranslation: translation, report });
  const common = {
    id: header?.id ?? 'unknown',
    title: header?.title ?? '',
    ...(header?.summary ? { summary: header.summary } : {}),
    ...(header?.recap ? { recap: header.recap } : {}),
    lang: header?.lang ?? 'en',
    sources: header?.sources ?? [],
    intro: body.intro,
    file,
  };
  const doc: Lab | Translation = translation
    ? {
        ...common,
        translationOf: header?.translationOf ?? '',
        ...(header?.from ? { translatedFrom: header.from } : {}),
        steps: body.translatedSteps,
      }
    : {
        ...common,
        proseHash: hashFront({ ...common, ...(header?.summary ? { summary: header.summary } : {}) }),
        platforms,
        editions: header?.editions ?? [],
        requires: header?.requires ?? [],
        vars: header?.vars ?? {},
        varTypes: header?.varTypes ?? {},
        steps: body.steps,
      };
  if (!isTranslation(doc) && !header?.editions) doc.editions = deriveEditions(doc);
  if (!isTranslation(doc)) {
    for (const [i, r] of doc.requires.entries()) requiredValues(r, doc, fmSource.lineOf(['requires', i]), report);
    for (const step of doc.steps)
      for (const [i, r] of (step.requires ?? []).entries()) requiredValues(r, doc, step.requiresLines?.[i] ?? step.line, report);
  }

  // A command must look exactly as it runs. One that runs holds only characters that print as
  // themselves (printable ASCII, tab, newline): an allowlist, not one more list of bad characters.
  // Reading material (norun) keeps the narrower rule: no bidi or zero-width character hides a part of it.
  for (const step of doc.steps) {
    for (const block of codeParts(step)) {
      const lineAt = (index: number) => block.line + 1 + block.code.slice(0, index).split('\n').length - 1;
      if (!isTranslation(doc) && !block.norun) {
        const odd = firstNotPlain(block.code);
        if (odd) report(lineAt(odd.index), msg('lab.commandCharacter', { char: odd.shown }), msg('lab.commandCharacter.hint'));
        continue;
      }
      const hidden = invisibleAt(block.code);
      if (hidden)
        report(
          lineAt(hidden.index),
          `invisible character ${hidden.shown} in a command`,
          'remove it: it changes how the command looks, not what it does',
        );
    }
  }
  reportInvisibleText(text, doc, fmSource, report);
  if (!isTranslation(doc) && problems.length === 0) validateLab(doc, report);
  if (problems.length) throw new LabError(problems.sort((a, b) => a.line - b.line));
  return isTranslation(doc) ? displaySafeTranslation(doc) : displaySafe(doc);
}

/**
 * Trojan Source in a lab's words: a bidi or zero-width character makes what a learner reads differ
 * from what the file says (a verdict that reads backwards, two names that look alike). Every line of
 * prose, front matter, annotation and example output is refused one (code blocks answer to their own
 * rule above), and so is check and front-matter text that holds one through a YAML escape (`"\u202E"`
 * is plain ASCII in the file). None of isolab's languages needs one: Persian or an Indic script would
 * need the zero-width joiners (U+200C, U+200D), and that is the place to allow them if one comes.
 */
function reportInvisibleText(text: string, doc: Lab | Translation, fm: YamlSource, report: Report): void {
  const inCode = new Set<number>();
  for (const step of doc.steps)
    for (const block of codeParts(step)) {
      const lines = block.code.split('\n').length;
      for (let l = block.line + 1; l <= block.line + lines; l++) inCode.add(l);
    }
  const problem = (char: string) => [msg('lab.invisible', { char }), msg('lab.invisible.hint')] as const;
  // A byte-order mark that starts the file says how it is encoded; it is no part of the text.
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, i) => {
      const hidden = inCode.has(i + 1) ? undefined : firstInvisible(line);
      if (hidden) report(i + 1, ...problem(hidden));
    });
  // Escaped: what the file holds as `\u202E` the model holds as the character itself.
  const escaped = (value: unknown, line: number) => {
    const found = hiddenIn(value);
    if (found && !text.includes(found.char)) report(line, ...problem(found.shown));
  };
  for (const key of ['title', 'summary', 'recap', 'sources'] as const) escaped(doc[key], fm.lineOf([key]));
  for (const step of doc.steps) {
    if ('checks' in step) for (const check of step.checks) escaped(check, check.line);
    if ('verdicts' in step) escaped(step.verdicts, step.line);
  }
}

/** The first bidi or zero-width character in any string inside a plain value. */
function hiddenIn(value: unknown): { char: string; shown: string } | undefined {
  if (typeof value === 'string') {
    const at = invisibleAt(value);
    return at ? { char: String.fromCodePoint(value.codePointAt(at.index)!), shown: at.shown } : undefined;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = hiddenIn(v);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') return hiddenIn(Object.values(value));
  return undefined;
}

/** Parses a source lab: a translation is refused (it runs nothing; loadLab finds its source). */
export function parseLab(text: string, opts: ParseOptions): Lab {
  const doc = parseLabFile(text, opts);
  if (isTranslation(doc))
    throw new LabError([labProblem(opts.file, 1, msg('lab.isTranslation', { source: doc.translationOf }), msg('lab.isTranslation.hint'))]);
  return doc;
}

/** Parses a translation: a source lab where a translation is expected is refused. */
export function parseTranslation(text: string, opts: ParseOptions): Translation {
  const doc = parseLabFile(text, opts);
  if (!isTranslation(doc)) throw new LabError([labProblem(opts.file, 1, msg('lab.notTranslation'), msg('lab.notTranslation.hint'))]);
  return doc;
}

/**
 * What a lab shows (titles, prose, hints, verdicts, example output) with control characters that
 * YAML escapes can produce ("\e[8m") and bidi or zero-width characters made visible: every view and
 * report reads the model, so nothing from a lab file reaches a terminal raw. Code is left as it is:
 * it has none of them (refused above).
 */
function displaySafe(lab: Lab): Lab {
  return {
    ...safeHeader(lab),
    steps: lab.steps.map((s) => ({
      ...safeStepText(s),
      checks: s.checks.map((c) => ({
        ...c,
        ...(c.pass !== undefined ? { pass: printableLine(c.pass) } : {}),
        ...(c.fail !== undefined ? { fail: printableLine(c.fail) } : {}),
      })),
    })),
  };
}

function displaySafeTranslation(t: Translation): Translation {
  const line = (v: { pass?: string; fail?: string }) => ({
    ...(v.pass !== undefined ? { pass: printableLine(v.pass) } : {}),
    ...(v.fail !== undefined ? { fail: printableLine(v.fail) } : {}),
  });
  return {
    ...safeHeader(t),
    steps: t.steps.map((s) => ({
      ...safeStepText(s),
      verdicts: Object.fromEntries(Object.entries(s.verdicts).map(([k, v]) => [k, line(v)])),
    })),
  };
}

/** The texts a lab and a translation share: title, summary, recap, intro, sources. */
function safeHeader<T extends Pick<Lab, 'title' | 'summary' | 'recap' | 'intro' | 'sources'>>(d: T): T {
  const p = printable;
  return {
    ...d,
    title: printableLine(d.title),
    ...(d.summary !== undefined ? { summary: p(d.summary) } : {}),
    ...(d.recap !== undefined ? { recap: p(d.recap) } : {}),
    intro: p(d.intro),
    sources: d.sources.map((s) => printableDeep(s)),
  };
}

function safeStepText<S extends { title: string; hints: string[]; body: BodyPart[] }>(s: S): S {
  return { ...s, title: printableLine(s.title), hints: s.hints.map(printable), body: s.body.map(safePart) };
}

const safePart = (b: BodyPart): BodyPart => (b.kind === 'code' ? b : { ...b, text: printable(b.text) });

interface Header {
  id: string;
  title: string;
  summary?: string | undefined;
  recap?: string | undefined;
  lang: string;
  translationOf?: string;
  from?: string | undefined;
  platforms: Platform[];
  editions?: EditionId[];
  requires: Requirement[];
  vars: Record<string, string>;
  varTypes: Record<string, CaptureType>;
  sources: Lab['sources'];
}

/**
 * Without `editions:` in front matter, a lab has each platform's default shell, plus every other
 * shell the platform offers that some step has a runnable command in (`powershell {platform=linux}`).
 */
function deriveEditions(lab: Lab): EditionId[] {
  const out: EditionId[] = [];
  for (const platform of lab.platforms) {
    for (const shell of PLATFORM_SHELLS[platform]) {
      const used = lab.steps.some((s) => commandFor(s, { platform, shell }));
      if (shell === defaultShell(platform) || used) out.push({ platform, shell });
    }
  }
  return out;
}

function parseFrontMatter(src: YamlSource, isTranslation: boolean, report: Report): Header | undefined {
  if (isTranslation) {
    const r = translationFrontMatterSchema.safeParse(src.value);
    if (!r.success) {
      reportIssues(r.error.issues, src, report, [], msg('lab.whereFrontMatter'));
      return undefined;
    }
    return { ...r.data, platforms: [], requires: [], vars: {}, varTypes: {} };
  }
  const r = frontMatterSchema.safeParse(src.value);
  if (!r.success) {
    reportIssues(r.error.issues, src, report, [], msg('lab.whereFrontMatter'));
    return undefined;
  }
  return { ...r.data, requires: r.data.requires.map(toRequirement), ...typedVars(r.data.vars, src, report) };
}

/**
 * A requirement is checked before any step runs, on isolab's own command lines (`docker image inspect
 * NAME`, a file's test): a `{{name}}` in it is a var of the lab (no step has captured anything yet),
 * of the type the requirement takes, so what it holds can never be read as an option.
 */
const REQUIRED_TYPE: Partial<Record<Requirement['kind'], CaptureType>> = { image: 'image', file: 'path' };
function requiredValues(r: Requirement, lab: Lab, line: number, report: Report) {
  if (!('name' in r)) return;
  for (const name of placeholdersIn(r.name)) {
    const value = lab.vars[name];
    const wanted = REQUIRED_TYPE[r.kind];
    // A var is a constant: what it holds is checked, whatever type it was given or inferred.
    if (value === undefined) report(line, msg('lab.requireNotVar', { name }), msg('lab.requireNotVar.hint'));
    // A var given that type is checked where it is declared (typedVars): said once, there.
    else if (wanted && lab.varTypes[name] !== wanted && !fitsType(value, wanted))
      report(
        line,
        msg('lab.requireVarType', { name, type: lab.varTypes[name] ?? 'string', wanted }),
        msg('lab.requireVarType.hint', { name, wanted }),
      );
  }
}

/** A var is a constant of the lab; its type says where it may go (a command takes narrow types only). */
function typedVars(input: Record<string, string | { value: string; type: CaptureType }>, src: YamlSource, report: Report) {
  const vars: Record<string, string> = {};
  const varTypes: Record<string, CaptureType> = {};
  for (const [name, v] of Object.entries(input)) {
    const value = typeof v === 'string' ? v : v.value;
    const control = firstControl(value) ?? firstInvisible(value);
    const type = typeof v === 'string' ? inferType(value) : v.type;
    if (control) report(src.lineOf(['vars', name]), msg('lab.varControl', { name, char: control }), msg('lab.varControl.hint'));
    else if (!fitsType(value, type))
      report(src.lineOf(['vars', name]), msg('lab.varType', { name, value: JSON.stringify(value), type }), msg('lab.varType.hint'));
    vars[name] = value;
    varTypes[name] = type;
  }
  return { vars, varTypes };
}
