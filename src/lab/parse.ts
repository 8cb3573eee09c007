import { createHash } from 'node:crypto';
import { Lexer, type Token, type Tokens } from 'marked';
import { LabError, type LabProblem } from './errors.js';
import {
  PLATFORMS, type CommandBlock, type ExampleOutput, type Lab, type Platform, type Requirement, type ResourceSpec, type ShellKind, type Step,
} from './model.js';
import {
  checkSchema, frontMatterSchema, stepAnnotationSchema, translationAnnotationSchema, type RequirementInput,
  translationFrontMatterSchema, type CheckInput,
} from './schema.js';
import { reportIssues, type Report } from './schema-issues.js';
import { parseYamlSource, splitFrontMatter, type YamlSource } from './yaml-source.js';
import { toCheck } from './checks-input.js';
import { validateLab } from './validate.js';
import { firstControl } from '../util/printable.js';

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
  const report = (line: number, message: string, hint?: string) => problems.push({ file, line, message, ...(hint ? { hint } : {}) });

  // A terminal acts on control characters: a lab must not be able to hide or rewrite what is shown.
  text.split('\n').forEach((line, i) => {
    const control = firstControl(line.replace(/\r$/, ''));
    if (control) report(i + 1, `control character ${control} in the lab`, 'remove it: escape sequences could hide what a command really does');
  });
  const fm = splitFrontMatter(text);
  if (fm.yaml === undefined) {
    report(1, 'the lab has no front matter', 'start the file with a --- block holding id, title and platforms (see docs/lab-format.md)');
    throw new LabError(problems);
  }
  if (fm.bodyLine < 0) {
    report(1, 'the front matter is not closed', 'end it with a line holding only ---');
    throw new LabError(problems);
  }
  const fmSource = parseYamlSource(fm.yaml, fm.yamlLine);
  if (fmSource.errors.length) {
    for (const e of fmSource.errors) report(e.line, `bad YAML in front matter: ${e.message}`, 'check indentation and quote values that contain ": " or start with { [ * &');
    throw new LabError(problems);
  }
  const isTranslation = typeof fmSource.value === 'object' && fmSource.value !== null && 'translationOf' in fmSource.value;
  const header = parseFrontMatter(fmSource, isTranslation, report);

  const lab: Lab = {
    id: header?.id ?? 'unknown',
    title: header?.title ?? '',
    ...(header?.summary ? { summary: header.summary } : {}),
    lang: header?.lang ?? 'en',
    ...(header?.translationOf ? { translationOf: header.translationOf } : {}),
    platforms: header?.platforms ?? ['linux'],
    requires: header?.requires ?? [],
    vars: header?.vars ?? {},
    sources: header?.sources ?? [],
    intro: '',
    steps: [],
    file,
  };

  const body = new BodyWalker(fm.body, fm.bodyLine, lab, isTranslation, report);
  body.walk();

  if (!isTranslation && problems.length === 0) validateLab(lab, report);
  if (problems.length) throw new LabError(problems.sort((a, b) => a.line - b.line));
  return lab;
}

interface Header {
  id: string;
  title: string;
  summary?: string | undefined;
  lang: string;
  translationOf?: string;
  platforms: Platform[];
  requires: Requirement[];
  vars: Record<string, string>;
  sources: Lab['sources'];
}

function parseFrontMatter(src: YamlSource, isTranslation: boolean, report: Report): Header | undefined {
  if (isTranslation) {
    const r = translationFrontMatterSchema.safeParse(src.value);
    if (!r.success) return reportIssues(r.error.issues, src, report, [], 'front matter'), undefined;
    return { ...r.data, platforms: [], requires: [], vars: {} };
  }
  const r = frontMatterSchema.safeParse(src.value);
  if (!r.success) return reportIssues(r.error.issues, src, report, [], 'front matter'), undefined;
  return { ...r.data, requires: r.data.requires.map(toRequirement) };
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

/** Walks marked's top-level tokens, keeping track of the line each one starts on. */
class BodyWalker {
  private line: number;
  private current: (Step & { lastPlatform?: Platform }) | undefined;
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
    this.report(h.line, `section "${h.text}" has no isolab step annotation`,
      'put <!-- isolab step: some-id --> on the line after the heading; every ## section is a step');
  }

  private annotation(raw: string, line: number): void {
    const heading = this.pendingHeading;
    this.pendingHeading = undefined;
    if (!heading) {
      this.report(line, 'an isolab annotation must come right after a ## heading',
        'move it directly under the heading of the step it describes');
      return;
    }
    const m = /^<!--\s*isolab\b([\s\S]*?)-->\s*$/.exec(raw.trim());
    if (!m) {
      this.report(line, 'the isolab annotation is not closed', 'end it with -->');
      return;
    }
    const content = m[1]!;
    const contentLine = line + countNewlines(raw.slice(0, raw.indexOf(content)));
    const src = parseYamlSource(dedent(content), contentLine);
    if (src.errors.length) {
      for (const e of src.errors) this.report(e.line, `bad YAML in step annotation: ${e.message}`, 'annotations are YAML: check indentation and quote regexes that contain ": " or start with {');
      return;
    }
    const step = this.isTranslation ? this.translationStep(src, heading, line) : this.sourceStep(src, heading);
    if (step) this.current = step;
  }

  private emptyStep(id: string, heading: { text: string; line: number }): Step {
    return {
      id, title: heading.text, prose: '', body: [], hints: [], commands: [], examples: [], checks: [], timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
      resources: [], requires: [], cleanup: false, sourceHash: '', line: heading.line,
    };
  }

  private translationStep(src: YamlSource, heading: { text: string; line: number }, line: number) {
    const r = translationAnnotationSchema.safeParse(src.value ?? {});
    if (!r.success) {
      const runKeys = r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []))
        .filter((k) => ['checks', 'timeout', 'eventually', 'holdsFor', 'resources', 'requires', 'cleanup', 'platform'].includes(k));
      if (runKeys.length) {
        this.report(line, `a translation cannot change what runs or is checked (found ${runKeys.join(', ')})`,
          'keep only step, from and verdicts here; checks and commands come from the source lab');
        return undefined;
      }
      reportIssues(r.error.issues, src, this.report, [], 'step annotation');
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
      reportIssues(r.error.issues, src, this.report, [], 'step annotation');
      return undefined;
    }
    const a = r.data;
    const step = this.emptyStep(a.step, heading);
    if (a.platform) step.platforms = a.platform;
    if (a.timeout !== undefined) step.timeoutMs = a.timeout;
    if (a.eventually) step.eventually = { timeoutMs: a.eventually.timeout, intervalMs: a.eventually.interval };
    if (a.holdsFor) step.holdsFor = { windowMs: a.holdsFor.window, intervalMs: a.holdsFor.interval };
    if (a.eventually && a.holdsFor) this.report(src.lineOf(['holdsFor']), 'a step cannot use both eventually and holdsFor', 'split it into two steps: one that waits, one that watches');
    step.cleanup = a.cleanup;
    step.requires = a.requires.map(toRequirement);
    step.resources = a.resources.map((res): ResourceSpec => ({ kind: 'container', name: res.container, ...(res.platform ? { platforms: res.platform } : {}) }));
    a.checks.forEach((raw, i) => {
      const parsed = checkSchema.safeParse(raw);
      if (!parsed.success) {
        // An unknown key already explains a missing kind; do not also say "needs exactly one kind".
        const unknownKey = parsed.error.issues.some((x) => x.code === 'unrecognized_keys');
        const issues = parsed.error.issues.filter((x) => !(unknownKey && x.code === 'custom'));
        reportIssues(issues, src, this.report, ['checks', i], `check ${i + 1}`);
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
      this.report(line, 'this code block is never closed: it runs to the end of the file', `close it with ${fence[1]} on a line of its own`);
      return;
    }
    const { lang, attrs } = parseInfo(token.lang ?? '');
    const explicit = attrs.get('platform') ?? attrs.get('platforms');
    const platforms = explicit ? (explicit.split(',').map((p) => p.trim()) as Platform[]) : undefined;
    for (const p of platforms ?? []) {
      if (!(PLATFORMS as readonly string[]).includes(p)) this.report(line, `unknown platform "${p}" on code block`, 'platforms are linux, windows, macos');
    }
    const shell: ShellKind | undefined = POSIX_LANGS.includes(lang) ? 'posix' : POWERSHELL_LANGS.includes(lang) ? 'powershell' : undefined;
    if (shell && !attrs.has('output')) {
      // A translation only copies code (lint compares it): one block per fence, no platform expansion.
      const defaults = this.isTranslation ? ['linux' as const] : this.lab.platforms.filter((p) => p !== 'windows');
      const targets = platforms ?? (shell === 'powershell' ? ['windows' as const] : defaults);
      if (!platforms && targets.length === 0) {
        this.report(line, `a ${lang} block needs a platform the lab supports`, 'add {platform=linux} to the fence, or add linux to the platforms in front matter');
      }
      for (const platform of targets) {
        const block: CommandBlock = { platform, shell, lang, code: token.text, norun: attrs.has('norun'), line };
        step.commands.push(block);
        step.lastPlatform = platform;
      }
      step.body.push({ kind: 'code', code: token.text, platforms: targets, norun: attrs.has('norun'), line });
      return;
    }
    if (attrs.has('output') || OUTPUT_LANGS.includes(lang)) {
      const platform = platforms?.[0] ?? step.lastPlatform;
      const example: ExampleOutput = { text: token.text, line, ...(platform ? { platform } : {}) };
      step.examples.push(example);
      step.body.push({ kind: 'example', text: token.text, ...(platform ? { platform } : {}) });
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
    const { lastPlatform: _l, ...clean } = step;
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
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(min, /^[ \t]*/.exec(l)![0].length))).join('\n');
}
