import type { BodyPart, Lab, SourceAttribution, Translation } from './model.js';
import { proseOf } from './content.js';
import { printable, printableDeep, printableLine } from '../util/printable.js';

/** What a learner reads for one step, in their language, and whether it is a faithful translation. */
export interface StepText {
  title: string;
  prose: string;
  /** Prose with code and example output in place (from the same file as the prose). */
  body: BodyPart[];
  hints: string[];
  verdicts: Record<string, { pass?: string | undefined; fail?: string | undefined }>;
  /** source: the lab's own language; translated; stale (source changed since), missing (not translated). */
  state: 'source' | 'translated' | 'stale' | 'missing';
}

export interface LabText {
  lang: string;
  title: string;
  summary?: string | undefined;
  recap?: string | undefined;
  intro: string;
  /** Where the lab comes from, as the translation words it ("billet de blog, en espagnol"). */
  sources: SourceAttribution[];
  steps: Record<string, StepText>;
}

/**
 * Prose for a run: the translation where it is current, the source text (marked) where it is missing
 * or stale. Never anything executable: commands and checks always come from the source lab.
 *
 * Every view (the TUI, `isolab list`, `isolab run`, the reports) shows a lab through this text, so
 * the titles, headers, hints and verdicts are made printable here once more, whatever made the Lab:
 * the parser already does it, but a Lab can also come back from the parse cache, a file on disk.
 */
export function localize(source: Lab, translation?: Translation): LabText {
  const text = merged(source, translation);
  const steps: Record<string, StepText> = {};
  for (const [id, s] of Object.entries(text.steps)) {
    const verdicts: StepText['verdicts'] = {};
    for (const [check, v] of Object.entries(s.verdicts))
      verdicts[check] = {
        pass: v.pass === undefined ? undefined : printableLine(v.pass),
        fail: v.fail === undefined ? undefined : printableLine(v.fail),
      };
    steps[id] = { ...s, title: printableLine(s.title), hints: s.hints.map(printable), verdicts };
  }
  return {
    ...text,
    title: printableLine(text.title),
    ...(text.summary !== undefined ? { summary: printable(text.summary) } : {}),
    ...(text.recap !== undefined ? { recap: printable(text.recap) } : {}),
    intro: printable(text.intro),
    sources: printableDeep(text.sources),
    steps,
  };
}

function merged(source: Lab, translation?: Translation): LabText {
  const steps: Record<string, StepText> = {};
  for (const step of source.steps) {
    const own: StepText = {
      title: step.title,
      prose: proseOf(step),
      body: step.body,
      hints: step.hints,
      verdicts: Object.fromEntries(step.checks.map((c) => [c.id, { pass: c.pass, fail: c.fail }])),
      state: 'source',
    };
    if (!translation) {
      steps[step.id] = own;
      continue;
    }
    const t = translation.steps.find((s) => s.id === step.id);
    if (!t) steps[step.id] = { ...own, state: 'missing' };
    else if (t.translatedFrom !== step.proseHash) steps[step.id] = { ...own, state: 'stale' };
    else {
      const verdicts: StepText['verdicts'] = {};
      for (const c of step.checks) verdicts[c.id] = { pass: t.verdicts[c.id]?.pass ?? c.pass, fail: t.verdicts[c.id]?.fail ?? c.fail };
      steps[step.id] = {
        title: t.title,
        prose: proseOf(t),
        body: withSourceCode(t.body, step.body),
        hints: t.hints.length ? t.hints : step.hints,
        verdicts,
        state: 'translated',
      };
    }
  }
  return {
    lang: translation?.lang ?? source.lang,
    title: translation?.title ?? source.title,
    summary: translation ? translation.summary : source.summary,
    recap: translation?.recap ?? source.recap,
    intro: translation?.intro || source.intro,
    sources: translation?.sources.length ? translation.sources : source.sources,
    steps,
  };
}

/**
 * The translated body with every code block and example output taken from the source, in order:
 * what a learner reads as a command is always the source's, even a {norun} block shown to read.
 */
function withSourceCode(translated: BodyPart[], source: BodyPart[]): BodyPart[] {
  const code = source.filter((p) => p.kind === 'code');
  const examples = source.filter((p) => p.kind === 'example');
  const out: BodyPart[] = [];
  for (const part of translated) {
    const src = part.kind === 'code' ? code.shift() : part.kind === 'example' ? examples.shift() : part;
    if (src) out.push(src);
  }
  // Blocks the translation lacks are still shown, at the end, rather than silently dropped.
  return [...out, ...code, ...examples];
}
