import { createHash } from 'node:crypto';
import { Lexer, type Token, type Tokens } from 'marked';
import { LabError, labProblem, type LabProblem } from './errors.js';
import { msg } from '../i18n/translate.js';
import {
  PLATFORMS, PLATFORM_SHELLS, defaultShell, shellOfKind, type CommandBlock, type Edition, type ExampleOutput, type Lab, type Platform,
  type Requirement, type ResourceSpec, type ShellKind, type Step,
} from './model.js';
import {
  checkSchema, frontMatterSchema, stepAnnotationSchema, translationAnnotationSchema, type RequirementInput,
  translationFrontMatterSchema, type CheckInput,
} from './schema.js';
import { reportIssues, type Report } from './schema-issues.js';
import { parseYamlSource, splitFrontMatter, type YamlSource } from './yaml-source.js';
import { toCheck } from './checks-input.js';
import { validateLab } from './validate.js';
import { firstControl, firstInvisible, printable, printableDeep } from '../util/printable.js';
import { fitsType, inferType, type CaptureType } from '../value/types.js';
import { checkInputLimits, LAB_LIMITS } from './limits.js';

export const DEFAULT_STEP_TIMEOUT_MS = 60_000;

const POSIX_LANGS = ['sh', 'bash', 'shell', 'posix'];
const POWERSHELL_LANGS = ['powershell', 'pwsh', 'ps1'];
const OUTPUT_LANGS = ['', 'text', 'none', 'output', 'plaintext', 'console'];

export interface ParseOptions {
  /** Shown in messages; usually the path as the user typed it. */
  file: string;
}

/**
 * Parses a lab file (source or translation) into the Lab model. Throws LabError with every
 * problem found, each as file:line, so an author fixes a file in one pass.
 */
export function parseLab(text: string, { file }: ParseOptions): Lab {
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
    for (const e of fmSource.errors) report(e.line, msg('lab.badYamlFrontMatter', { error: e.message }), msg('lab.badYamlFrontMatter.hint'));
    throw new LabError(problems);
  }
  const isTranslation = typeof fmSource.value === 'object' && fmSource.value !== null && 'translationOf' in fmSource.value;
  const header = parseFrontMatter(fmSource, isTranslation, report);

  const lab: Lab = {
    id: header?.id ?? 'unknown',
    title: header?.title ?? '',
    ...(header?.summary ? { summary: header.summary } : {}),
    ...(header?.recap ? { recap: header.recap } : {}),
    lang: header?.lang ?? 'en',
    ...(header?.translationOf ? { translationOf: header.translationOf } : {}),
    platforms: header?.platforms ?? ['linux'],
    editions: header?.editions ?? [],
    requires: header?.requires ?? [],
    vars: header?.vars ?? {},
    varTypes: header?.varTypes ?? {},
    sources: header?.sources ?? [],
    intro: '',
    steps: [],
    file,
  };

  const body = new BodyWalker(fm.body, fm.bodyLine, lab, isTranslation, report);
  body.walk();
  if (!isTranslation && !header?.editions) lab.editions = deriveEditions(lab);

  // A command must look exactly as it runs: no bidi override or zero-width character may hide a part of it.
  for (const step of lab.steps) {
    for (const block of step.commands) {
      const hidden = firstInvisible(block.code);
      if (hidden) report(block.line + 1 + block.code.slice(0, block.code.search(/[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/)).split('\n').length - 1, `invisible character ${hidden} in a command`, 'remove it: it changes how the command looks, not what it does');
    }
  }
  if (!isTranslation && problems.length === 0) validateLab(lab, report);
  if (problems.length) throw new LabError(problems.sort((a, b) => a.line - b.line));
  return displaySafe(lab);
}

/**
 * What a lab shows (titles, prose, hints, verdicts, example output) with control characters that
 * YAML escapes can produce ("\e[8m") and bidi or zero-width characters made visible: every view and
 * report reads the model, so nothing from a lab file reaches a terminal raw. Code is left as it is:
 * it has none of them (refused above).
 */
function displaySafe(lab: Lab): Lab {
  const p = printable;
  return {
    ...lab,
    title: p(lab.title),
    ...(lab.summary !== undefined ? { summary: p(lab.summary) } : {}),
    intro: p(lab.intro),
    sources: lab.sources.map((s) => printableDeep(s)),
    steps: lab.steps.map((s) => ({
      ...s,
      title: p(s.title),
      prose: p(s.prose),
      hints: s.hints.map(p),
      examples: s.examples.map((e) => ({ ...e, text: p(e.text) })),
      body: s.body.map((b) => (b.kind === 'code' ? b : { ...b, text: p(b.text) })),
      checks: s.checks.map((c) => ({ ...c, ...(c.pass !== undefined ? { pass: p(c.pass) } : {}), ...(c.fail !== undefined ? { fail: p(c.fail) } : {}) })),
      ...(s.verdicts ? { verdicts: printableDeep(s.verdicts) } : {}),
    })),
  };
}

interface Header {
  id: string;
  title: string;
  summary?: string | undefined;
  recap?: string | undefined;
  lang: string;
  translationOf?: string;
  platforms: Platform[];
  editions?: Edition[];
  requires: Requirement[];
  vars: Record<string, string>;
  varTypes: Record<string, CaptureType>;
  sources: Lab['sources'];
}

/**
 * Without `editions:` in front matter, a lab has each platform's default shell, plus every other
 * shell the platform offers that some step has a runnable command in (`powershell {platform=linux}`).
 */
function deriveEditions(lab: Lab): Edition[] {
  const out: Edition[] = [];
  for (const platform of lab.platforms) {
    for (const shell of PLATFORM_SHELLS[platform]) {
      const used = lab.steps.some((s) => s.commands.some((c) => !c.norun && c.platform === platform && shellOfKind(c.shell) === shell));
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

function toRequirement(q: RequirementInput): Requirement {
  const platforms = q.platform ? { platforms: q.platform } : {};
  if (q.command !== undefined) return { kind: 'command', name: q.command, ...platforms };
  if (q.engine !== undefined) return { kind: 'engine', name: q.engine, ...platforms };
  if (q.runtime !== undefined) return { kind: 'runtime', name: q.runtime, ...platforms };
  if (q.isolation !== undefined) return { kind: 'isolation', name: q.isolation, ...platforms };
  if (q.image !== undefined) return { kind: 'image', name: q.image, ...platforms };
  return { kind: 'root', ...platforms };
}

/** A var is a constant of the lab; its type says where it may go (a command takes narrow types only). */
function typedVars(input: Record<string, string | { value: string; type: CaptureType }>, src: YamlSource, report: Report) {
  const vars: Record<string, string> = {};
  const varTypes: Record<string, CaptureType> = {};
  for (const [name, v] of Object.entries(input)) {
    const value = typeof v === 'string' ? v : v.value;
    const control = firstControl(value) ?? firstInvisible(value);
    const type = typeof v === 'string' ? inferType(value) : v.type;
    if (control) report(src.lineOf(['vars', name]), `vars: "${name}" holds the character ${control}`, 'a var is shown to the learner: write it without control, bidi or zero-width characters');
    else if (!fitsType(value, type)) report(src.lineOf(['vars', name]), `vars: "${name}" = ${JSON.stringify(value)} is not a valid ${type}`, `see the value types in docs/lab-format.md, or leave out type: to let isolab infer it`);
    vars[name] = value;
    varTypes[name] = type;
  }
  return { vars, varTypes };
}

/** Walks marked's top-level tokens, keeping track of the line each one starts on. */
class BodyWalker {
  private line: number;
  private current: (Step & { lastPlatform?: Platform; lastShell?: ShellKind }) | undefined;
  private pendingHeading: { text: string; line: number } | undefined;
  private introParts: string[] = [];

  constructor(
    private readonly body: string,
    bodyLine: number,
    private readonly lab: Lab,
    private readonly isTranslation: boolean,
    private readonly report: Report,
  ) {
    this.line = bodyLine;
  }

  walk(): void {
    const tokens = Lexer.lex(this.body, { gfm: true });
    for (const token of tokens) {
      const line = this.line;
      this.line += countNewlines(token.raw);
      this.visit(token, line);
    }
    this.closeStep();
    this.flushPendingHeading();
    this.lab.intro = this.introParts.join('').trim();
  }

  private visit(token: Token, line: number): void {
    if (token.type === 'space') {
      this.appendProse(token.raw);
      return;
    }
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      if (heading.depth <= 2) {
        this.closeStep();
        this.flushPendingHeading();
        // A # heading is the document's title: the front matter's title is what the runner shows.
        if (heading.depth === 1) return;
        this.pendingHeading = { text: heading.text.trim(), line };
        return;
      }
    }
    if (token.type === 'html' && /^<!--\s*isolab\b/.test(token.raw)) {
      this.annotation(token.raw, line);
      return;
    }
    this.flushPendingHeading();
    if (!this.current) {
      if (token.type !== 'html') this.introParts.push(token.raw);
      return;
    }
    if (token.type === 'code') this.codeBlock(token as Tokens.Code, line);
    else if (token.type === 'blockquote') this.current.hints.push((token as Tokens.Blockquote).text.trim());
    else if (token.type === 'html' && /^<!--/.test(token.raw)) return; // author comments stay out of the UI
    else this.appendProse(token.raw);
  }

  private appendProse(raw: string): void {
    if (this.current) {
      const last = this.current.body[this.current.body.length - 1];
      if (last?.kind === 'markdown') last.text += raw;
      else this.current.body.push({ kind: 'markdown', text: raw });
    } else this.introParts.push(raw);
  }

  private flushPendingHeading(): void {
    if (!this.pendingHeading) return;
    const h = this.pendingHeading;
    this.pendingHeading = undefined;
    this.report(h.line, msg('lab.noAnnotation', { heading: h.text }), msg('lab.noAnnotation.hint'));
  }

  private annotation(raw: string, line: number): void {
    const heading = this.pendingHeading;
    this.pendingHeading = undefined;
    if (!heading) {
      this.report(line, msg('lab.annotationMisplaced'), msg('lab.annotationMisplaced.hint'));
      return;
    }
    const m = /^<!--\s*isolab\b([\s\S]*?)-->\s*$/.exec(raw.trim());
    if (!m) {
      this.report(line, msg('lab.annotationOpen'), msg('lab.annotationOpen.hint'));
      return;
    }
    const content = m[1]!;
    const contentLine = line + countNewlines(raw.slice(0, raw.indexOf(content)));
    const src = parseYamlSource(dedent(content), contentLine);
    if (src.errors.length) {
      for (const e of src.errors) this.report(e.line, msg('lab.badYamlAnnotation', { error: e.message }), msg('lab.badYamlAnnotation.hint'));
      return;
    }
    const step = this.isTranslation ? this.translationStep(src, heading, line) : this.sourceStep(src, heading);
    if (step) this.current = step;
  }

  private emptyStep(id: string, heading: { text: string; line: number }): Step {
    return {
      id, title: heading.text, prose: '', body: [], hints: [], commands: [], examples: [], checks: [], timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
      resources: [], needs: [], requires: [], cleanup: false, sourceHash: '', line: heading.line,
    };
  }

  private translationStep(src: YamlSource, heading: { text: string; line: number }, line: number) {
    const r = translationAnnotationSchema.safeParse(src.value ?? {});
    if (!r.success) {
      const runKeys = r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []))
        .filter((k) => ['checks', 'timeout', 'eventually', 'holdsFor', 'resources', 'needs', 'requires', 'cleanup', 'platform'].includes(k));
      if (runKeys.length) {
        this.report(line, msg('lab.translationRuns', { keys: runKeys.join(', ') }), msg('lab.translationRuns.hint'));
        return undefined;
      }
      reportIssues(r.error.issues, src, this.report, [], msg('lab.whereAnnotation'));
      return undefined;
    }
    const step = this.emptyStep(r.data.step, heading);
    if (r.data.from) step.translatedFrom = r.data.from;
    step.verdicts = r.data.verdicts;
    return step;
  }

  private sourceStep(src: YamlSource, heading: { text: string; line: number }) {
    const r = stepAnnotationSchema.safeParse(src.value ?? {});
    if (!r.success) {
      reportIssues(r.error.issues, src, this.report, [], msg('lab.whereAnnotation'));
      return undefined;
    }
    const a = r.data;
    const step = this.emptyStep(a.step, heading);
    if (a.platform) step.platforms = a.platform;
    if (a.shell) step.shells = a.shell;
    if (a.timeout !== undefined) step.timeoutMs = a.timeout;
    if (a.eventually) step.eventually = { timeoutMs: a.eventually.timeout, intervalMs: a.eventually.interval };
    if (a.holdsFor) step.holdsFor = { windowMs: a.holdsFor.window, intervalMs: a.holdsFor.interval };
    if (a.eventually && a.holdsFor) this.report(src.lineOf(['holdsFor']), msg('lab.waitAndWatch'), msg('lab.waitAndWatch.hint'));
    step.cleanup = a.cleanup;
    step.needs = a.needs;
    step.needsLine = src.lineOf(['needs']);
    step.requires = a.requires.map(toRequirement);
    step.resources = a.resources.map((res): ResourceSpec => ({ kind: 'container', name: res.container, ...(res.platform ? { platforms: res.platform } : {}) }));
    a.checks.forEach((raw, i) => {
      const parsed = checkSchema.safeParse(raw);
      if (!parsed.success) {
        // An unknown key already explains a missing kind; do not also say "needs exactly one kind".
        const unknownKey = parsed.error.issues.some((x) => x.code === 'unrecognized_keys');
        const issues = parsed.error.issues.filter((x) => !(unknownKey && x.code === 'custom'));
        reportIssues(issues, src, this.report, ['checks', i], msg('lab.whereCheck', { n: i + 1 }));
        return;
      }
      step.checks.push(toCheck(parsed.data as CheckInput, i, src.lineOf(['checks', i]), step.checks));
    });
    return step;
  }

  private codeBlock(token: Tokens.Code, line: number): void {
    const step = this.current!;
    // An unclosed fence swallows the rest of the file (the next steps become part of this command).
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(token.raw);
    if (fence && !new RegExp(`\\n {0,3}${fence[1]![0]}{${fence[1]!.length},}[ \\t]*\\n?$`).test(token.raw)) {
      this.report(line, msg('lab.fenceOpen'), msg('lab.fenceOpen.hint', { fence: fence[1]! }));
      return;
    }
    if (token.text.length > LAB_LIMITS.codeBlockBytes) {
      this.report(line, `this code block is ${Math.round(token.text.length / 1024)} KiB; a code block may be at most ${LAB_LIMITS.codeBlockBytes / 1024} KiB`, 'split the command over several steps, or have it read a file the lab ships');
      return;
    }
    const { lang, attrs } = parseInfo(token.lang ?? '');
    const explicit = attrs.get('platform') ?? attrs.get('platforms');
    const platforms = explicit ? (explicit.split(',').map((p) => p.trim()) as Platform[]) : undefined;
    for (const p of platforms ?? []) {
      if (!(PLATFORMS as readonly string[]).includes(p)) this.report(line, msg('lab.fencePlatform', { platform: p }), msg('lab.platformsAre'));
    }
    const shell: ShellKind | undefined = POSIX_LANGS.includes(lang) ? 'posix' : POWERSHELL_LANGS.includes(lang) ? 'powershell' : undefined;
    if (shell && !attrs.has('output')) {
      // A translation only copies code (lint compares it): one block per fence, no platform expansion.
      const defaults = this.isTranslation ? ['linux' as const] : this.lab.platforms.filter((p) => p !== 'windows');
      const targets = platforms ?? (shell === 'powershell' ? ['windows' as const] : defaults);
      if (!platforms && targets.length === 0) {
        this.report(line, msg('lab.blockPlatform', { lang }), msg('lab.blockPlatform.hint'));
      }
      for (const platform of targets) {
        const block: CommandBlock = { platform, shell, lang, code: token.text, norun: attrs.has('norun'), line };
        step.commands.push(block);
        step.lastPlatform = platform;
      }
      step.lastShell = shell;
      step.body.push({ kind: 'code', code: token.text, platforms: targets, shell, norun: attrs.has('norun'), line });
      return;
    }
    if (attrs.has('output') || OUTPUT_LANGS.includes(lang)) {
      const platform = platforms?.[0] ?? step.lastPlatform;
      const shell = platforms ? undefined : step.lastShell;
      const example: ExampleOutput = { text: token.text, line, ...(platform ? { platform } : {}), ...(shell ? { shell } : {}) };
      step.examples.push(example);
      step.body.push({ kind: 'example', text: token.text, ...(platform ? { platform } : {}), ...(shell ? { shell } : {}) });
      return;
    }
    this.appendProse(token.raw);
  }

  private closeStep(): void {
    const step = this.current;
    if (!step) return;
    this.current = undefined;
    // The prose is the body's text without the code and example output in it.
    step.prose = step.body.flatMap((p) => (p.kind === 'markdown' ? [p.text] : [])).join('').trim();
    step.body = step.body.filter((p) => p.kind !== 'markdown' || p.text.trim());
    const { lastPlatform: _l, lastShell: _s, ...clean } = step;
    clean.sourceHash = hashStep(clean);
    this.lab.steps.push(clean);
  }
}

/** `sh {platform=linux norun}` → lang "sh", attrs {platform: linux, norun: ""}. */
export function parseInfo(info: string): { lang: string; attrs: Map<string, string> } {
  const m = /^([^\s{]*)\s*(?:\{([^}]*)\})?\s*$/.exec(info.trim());
  const attrs = new Map<string, string>();
  if (!m) return { lang: info.trim().split(/\s+/)[0]!.toLowerCase(), attrs };
  for (const part of (m[2] ?? '').split(/\s+/).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) attrs.set(part, '');
    else attrs.set(part.slice(0, eq), part.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
  }
  return { lang: m[1]!.toLowerCase(), attrs };
}

/** What a translation follows: if any of it changes, the translation of that step is stale. */
export function hashStep(step: Pick<Step, 'title' | 'prose' | 'hints' | 'commands' | 'checks'>): string {
  const h = createHash('sha256');
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  h.update(norm(step.title)).update('\0').update(norm(step.prose)).update('\0');
  for (const hint of step.hints) h.update(norm(hint)).update('\0');
  for (const c of step.commands) h.update(`${c.platform}:${c.norun}:${c.code}`).update('\0');
  for (const c of step.checks) h.update(`${c.id}:${c.pass ?? ''}:${c.fail ?? ''}`).update('\0');
  return h.digest('hex').slice(0, 12);
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function dedent(text: string): string {
  const lines = text.replace(/^[ \t]*\n/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const min = indents.reduce((a, b) => Math.min(a, b), Infinity);
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
}
