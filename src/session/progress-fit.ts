import type { Edition } from '../edition/edition.js';
import { isKnownMsg, msg, type Msg } from '../i18n/translate.js';
import type { Step } from '../lab/model.js';
import { printableLine } from '../util/printable.js';
import { BUILTIN_VARS, PLACEHOLDER } from '../value/placeholders.js';
import { fitsType, isNarrow, type CaptureType } from '../value/types.js';
import type { SavedProgress, SavedStep } from './progress-file.js';

/**
 * Does saved progress belong to this edition of the lab? The schema says a file is shaped as isolab
 * writes it; this says that what it records is this lab's. A progress file is data from disk, and a
 * resumed run shows what it records (the TUI's transcript, a report's `command`): a step whose entry
 * says it ran `curl … | sh` would make a report claim that this lab ran it. So an entry of a step the
 * lab still has (same source hash: an edited step is redone anyway) must record this step's command,
 * verdicts of this step's checks, and values its steps capture, or the file is set aside.
 */
export function progressMisfit(edition: Edition, saved: SavedProgress): Msg | undefined {
  const learnerSteps = new Map(edition.steps.map((s) => [s.id, s]));
  const types = placeholderTypes(edition);
  for (const [name, c] of Object.entries(saved.captures)) {
    // A value under a built-in's or a lab var's name would stand in for it in every command.
    if (!learnerSteps.has(c.stepId) || (BUILTIN_VARS as readonly string[]).includes(name) || name in edition.lab.vars)
      return msg('progress.aside.value', { where: `captures.${printableLine(name)}` });
  }
  for (const step of edition.steps) {
    const s = saved.steps[step.id];
    if (!s || s.hash !== step.sourceHash) continue;
    const checks = new Set(['command', ...edition.checks(step).map((c) => c.id)]);
    const stray = s.verdicts.findIndex((v) => !checks.has(v.checkId));
    if (stray >= 0) return msg('progress.aside.check', { where: `steps.${step.id}.verdicts.${stray}` });
    // Words isolab does not have would show as their raw key ("ok: no.such.key") under a ✔.
    const unknown = s.verdicts.findIndex((v) => !isKnownMsg(v.detail));
    if (unknown >= 0) return msg('progress.aside.shape', { where: `steps.${step.id}.verdicts.${unknown}.detail` });
    const note = s.notes.findIndex((n) => !isKnownMsg(n));
    if (note >= 0) return msg('progress.aside.shape', { where: `steps.${step.id}.notes.${note}` });
    // '' is what a step records when its command could not be written (a value missing or refused).
    if (s.command && !isCommandOf(edition, step, s.command, types))
      return msg('progress.aside.command', { where: `steps.${step.id}.command` });
    if (!s.command) {
      const ranNothing = ranNothingMisfit(s, !edition.command(step));
      if (ranNothing) return msg('progress.aside.ranNothing', { where: `steps.${step.id}.${ranNothing}` });
    }
  }
  return undefined;
}

/**
 * A step that ran nothing (a reading step, or one whose command could not be written) printed nothing,
 * exited with nothing, and was judged on nothing: it was read (passed, with no verdicts), not judged,
 * or skipped. An entry that says otherwise would have a report show a pass, or output, that no command
 * of this run produced. Returns the field that says otherwise.
 */
function ranNothingMisfit(s: SavedStep, reading: boolean): string | undefined {
  if (s.exitCode !== undefined) return 'exitCode';
  if (s.output && (s.output.lines.length || s.output.partial)) return 'output';
  if (reading ? s.status !== 'passed' && s.status !== 'skipped' : s.status === 'passed' || s.status === 'failed') return 'status';
  if (reading && s.verdicts.length) return 'verdicts';
  if (s.verdicts.some((v) => v.status !== 'notJudged')) return 'verdicts';
  return undefined;
}

/** The type of every value a command of this edition may use: built-ins, lab vars and captures. */
function placeholderTypes(edition: Edition): Map<string, CaptureType> {
  const types = new Map<string, CaptureType>(BUILTIN_VARS.map((n) => [n, 'name']));
  for (const name of Object.keys(edition.lab.vars)) types.set(name, edition.lab.varTypes[name] ?? 'string');
  for (const step of edition.lab.steps)
    for (const c of edition.checks(step)) if (c.kind === 'capture') types.set(c.capture.name, c.capture.type);
  return types;
}

/** The characters of every narrow type: a value is found by them, then held to its own type. */
const VALUE_CHARS = '[A-Za-z0-9_.:/@-]{1,4096}';

/**
 * Is `recorded` this step's command with values spliced in (session.ts preview): its text exactly, and
 * in each placeholder a value of that placeholder's type? Which value it was is not asked: a value the
 * run captured is data, and the file may hold a later one.
 */
function isCommandOf(edition: Edition, step: Step, recorded: string, types: ReadonlyMap<string, CaptureType>): boolean {
  const code = edition.command(step)?.code;
  if (code === undefined) return false;
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of code.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    const type = types.get(name);
    // A command with a value that cannot be spliced never ran: it records ''.
    if (!type || !isNarrow(type)) return false;
    source += escapeRegex(code.slice(last, m.index)) + (names.includes(name) ? `\\k<${name}>` : `(?<${name}>${VALUE_CHARS})`);
    if (!names.includes(name)) names.push(name);
    last = m.index + m[0].length;
  }
  source += escapeRegex(code.slice(last));
  const found = new RegExp(`^${source}$`).exec(recorded);
  return !!found && names.every((n) => fitsType(found.groups![n]!, types.get(n)!));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
