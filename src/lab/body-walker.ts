import { Lexer, type Token, type Tokens } from 'marked';
import { msg } from '../i18n/translate.js';
import type { Platform, Requirement, ResourceSpec, ShellKind, Step, TranslatedStep } from './model.js';
import { checkSchema, stepAnnotationSchema, translationAnnotationSchema, type CheckInput, type RequirementInput } from './schema.js';
import { reportIssues, type Report } from './schema-issues.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';
import { toCheck } from './checks-input.js';
import { readFence } from './fences.js';
import { hashProse, hashStep } from './step-hash.js';

const DEFAULT_STEP_TIMEOUT_MS = 60_000;

type Heading = { text: string; line: number };

/** A step being read: its content so far, and what the parser remembers while it reads (never stored). */
interface Reading {
  step: Step | TranslatedStep;
  /** The platform and shell of the last code block (and whether it runs): output that follows is for them. */
  after: { platform?: Platform; shell?: ShellKind; norun?: boolean };
}

interface WalkedBody {
  intro: string;
  /** Source steps (for a source lab) or translated steps (for a translation): never both. */
  steps: Step[];
  translatedSteps: TranslatedStep[];
}

/**
 * Assembles a lab's steps from marked's top-level tokens: each `##` heading with its isolab
 * annotation opens a step; prose, fences and hints go into it, each at the line it starts on.
 */
export function walkBody(
  body: string,
  bodyLine: number,
  opts: { labPlatforms: Platform[]; isTranslation: boolean; report: Report },
): WalkedBody {
  const walker = new BodyWalker(bodyLine, opts.labPlatforms, opts.isTranslation, opts.report);
  for (const token of Lexer.lex(body, { gfm: true })) walker.visit(token);
  return walker.finish();
}

class BodyWalker {
  private current: Reading | undefined;
  private pendingHeading: Heading | undefined;
  private readonly introParts: string[] = [];
  private readonly out: WalkedBody = { intro: '', steps: [], translatedSteps: [] };

  constructor(
    private line: number,
    private readonly labPlatforms: Platform[],
    private readonly isTranslation: boolean,
    private readonly report: Report,
  ) {}

  visit(token: Token): void {
    const line = this.line;
    this.line += countNewlines(token.raw);
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
    else if (token.type === 'blockquote') this.current.step.hints.push((token as Tokens.Blockquote).text.trim());
    else if (token.type === 'html' && /^<!--/.test(token.raw))
      return; // author comments stay out of the UI
    else this.appendProse(token.raw);
  }

  finish(): WalkedBody {
    this.closeStep();
    this.flushPendingHeading();
    this.out.intro = this.introParts.join('').trim();
    return this.out;
  }

  private appendProse(raw: string): void {
    if (this.current) {
      const body = this.current.step.body;
      const last = body[body.length - 1];
      if (last?.kind === 'markdown') last.text += raw;
      else body.push({ kind: 'markdown', text: raw });
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
      for (const e of src.errors)
        this.report(e.line, msg('lab.badYamlAnnotation', { problem: e.problem, error: e.message }), msg('lab.badYamlAnnotation.hint'));
      return;
    }
    const step = this.isTranslation ? this.translationStep(src, heading, line) : this.sourceStep(src, heading);
    if (step) this.current = { step, after: {} };
  }

  private translationStep(src: YamlSource, heading: Heading, line: number): TranslatedStep | undefined {
    const r = translationAnnotationSchema.safeParse(src.value ?? {});
    if (!r.success) {
      const runKeys = r.error.issues
        .flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []))
        .filter((k) =>
          ['checks', 'timeout', 'eventually', 'holdsFor', 'resources', 'needs', 'requires', 'cleanup', 'platform'].includes(k),
        );
      if (runKeys.length) {
        this.report(line, msg('lab.translationRuns', { keys: runKeys.join(', ') }), msg('lab.translationRuns.hint'));
        return undefined;
      }
      reportIssues(r.error.issues, src, this.report, [], msg('lab.whereAnnotation'));
      return undefined;
    }
    return {
      id: r.data.step,
      title: heading.text,
      body: [],
      hints: [],
      ...(r.data.from ? { translatedFrom: r.data.from } : {}),
      verdicts: r.data.verdicts,
      line: heading.line,
    };
  }

  private sourceStep(src: YamlSource, heading: Heading): Step | undefined {
    const r = stepAnnotationSchema.safeParse(src.value ?? {});
    if (!r.success) {
      reportIssues(r.error.issues, src, this.report, [], msg('lab.whereAnnotation'));
      return undefined;
    }
    const a = r.data;
    const step: Step = {
      id: a.step,
      title: heading.text,
      body: [],
      hints: [],
      checks: [],
      timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
      resources: [],
      needs: [],
      requires: [],
      cleanup: false,
      sourceHash: '',
      proseHash: '',
      line: heading.line,
    };
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
    step.requiresLines = a.requires.map((_, i) => src.lineOf(['requires', i]));
    step.resources = a.resources.map(
      (res): ResourceSpec => ({ kind: 'container', name: res.container, ...(res.platform ? { platforms: res.platform } : {}) }),
    );
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
    const reading = this.current!;
    const part = readFence(token, line, {
      labPlatforms: this.labPlatforms,
      isTranslation: this.isTranslation,
      after: reading.after,
      report: this.report,
    });
    if (part === 'prose') this.appendProse(token.raw);
    else if (part) {
      reading.step.body.push(part);
      if (part.kind === 'code') {
        const last = part.platforms[part.platforms.length - 1];
        reading.after = {
          ...(last ? { platform: last } : reading.after.platform ? { platform: reading.after.platform } : {}),
          shell: part.shell,
          ...(part.norun ? { norun: true } : {}),
        };
      }
    }
  }

  private closeStep(): void {
    const reading = this.current;
    if (!reading) return;
    this.current = undefined;
    const step = reading.step;
    step.body = step.body.filter((p) => p.kind !== 'markdown' || p.text.trim());
    if ('sourceHash' in step) {
      step.sourceHash = hashStep(step);
      step.proseHash = hashProse(step);
      this.out.steps.push(step);
    } else this.out.translatedSteps.push(step);
  }
}

export function toRequirement(q: RequirementInput): Requirement {
  const platforms = q.platform ? { platforms: q.platform } : {};
  if (q.command !== undefined) return { kind: 'command', name: q.command, ...platforms };
  if (q.engine !== undefined) return { kind: 'engine', name: q.engine, ...platforms };
  if (q.runtime !== undefined) return { kind: 'runtime', name: q.runtime, ...platforms };
  if (q.isolation !== undefined) return { kind: 'isolation', name: q.isolation, ...platforms };
  if (q.image !== undefined) return { kind: 'image', name: q.image, ...platforms };
  if (q.file !== undefined) return { kind: 'file', name: q.file, ...platforms };
  return { kind: 'root', ...platforms };
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
