import {
  PLATFORM_SHELLS,
  appliesTo,
  checksFor,
  commandFor,
  isAbsenceCheck,
  defaultShell,
  hasEdition,
  shellOfKind,
  type Check,
  type EditionId,
  type Lab,
  type Step,
} from './model.js';
import { BUILTIN_VARS, placeholdersIn } from '../value/placeholders.js';
import { commandsOf } from './content.js';
import { lintValues } from './value-lint.js';
import { msg } from '../i18n/translate.js';
import type { Report } from './schema-issues.js';
import { compileLabRegex, unboundedConstruct } from '../util/safe-regex.js';
import { checkPatterns } from './patterns.js';

/** Whole-lab rules: unique ids, one command per platform, captures defined before use, valid regexes. */
export function validateLab(lab: Lab, report: Report): void {
  uniqueStepIds(lab, report);
  declaredEditions(lab, report);
  for (const step of lab.steps) {
    lintValues(lab, step, report);
    uniqueCheckIds(lab, step, report);
    platformVariants(lab, step, report);
    regexes(step, report);
    absenceNeedsExit(lab, step, report);
  }
  stepNeeds(lab, report);
  captureOrder(lab, report);
}

/**
 * "No ping is listed" proves something only if the listing worked: in every edition the step runs
 * in, an exit check must apply beside each absence check. An exit check limited to `shell: sh` says
 * nothing about the PowerShell edition, where `Get-Process -ErrorAction Stop` may fail and list nothing.
 */
function absenceNeedsExit(lab: Lab, step: Step, report: Report) {
  for (const e of lab.editions.filter((x) => appliesTo(step, x) && commandFor(step, x))) {
    const checks = checksFor(step, e);
    const absence = checks.find(isAbsenceCheck);
    if (absence && !checks.some((c) => c.kind === 'exit')) {
      const which = { check: absence.id, step: step.id };
      report(
        absence.line,
        lab.editions.length > 1 ? msg('lab.absenceNeedsExitOn', { ...which, platform: label(e) }) : msg('lab.absenceNeedsExit', which),
        msg('lab.absenceNeedsExit.hint'),
      );
    }
  }
}

/** `needs:` names earlier steps of the lab. */
function stepNeeds(lab: Lab, report: Report) {
  lab.steps.forEach((step, i) => {
    for (const id of step.needs) {
      const at = lab.steps.findIndex((s) => s.id === id);
      if (at < 0)
        report(
          step.needsLine ?? step.line,
          msg('lab.needsUnknown', { step: step.id, need: id }),
          msg('lab.needsUnknown.hint', { steps: lab.steps.map((s) => s.id).join(', ') }),
        );
      else if (at >= i) report(step.needsLine ?? step.line, msg('lab.needsLater', { step: step.id, need: id }), msg('lab.needsLater.hint'));
    }
  });
}

function uniqueStepIds(lab: Lab, report: Report) {
  const seen = new Map<string, Step>();
  for (const step of lab.steps) {
    const first = seen.get(step.id);
    if (first) report(step.line, msg('lab.duplicateStep', { step: step.id, first: first.line }), msg('lab.duplicateStep.hint'));
    else seen.set(step.id, step);
  }
}

function uniqueCheckIds(lab: Lab, step: Step, report: Report) {
  const seen = new Map<string, Check>();
  for (const check of step.checks) {
    const first = seen.get(check.id);
    // Variants of one check share an id; two that could both run in one edition would be ambiguous.
    const overlap = first && lab.editions.some((e) => appliesTo(first, e) && appliesTo(check, e));
    if (first && overlap)
      report(check.line, msg('lab.duplicateCheck', { check: check.id, step: step.id, first: first.line }), msg('lab.duplicateCheck.hint'));
    else if (first && (first.pass !== check.pass || first.fail !== check.fail)) {
      // Platform variants of one check share an id, and translations word verdicts by id.
      report(check.line, msg('lab.variantWording', { check: check.id, first: first.line }), msg('lab.variantWording.hint'));
    } else seen.set(check.id, check);
  }
}

/** How messages name an edition: the platform alone for its default shell, as labs always did. */
function label(e: EditionId): string {
  return e.shell === defaultShell(e.platform) ? e.platform : `${e.platform}/${e.shell}`;
}

function declaredEditions(lab: Lab, report: Report) {
  for (const e of lab.editions) {
    if (!lab.platforms.includes(e.platform))
      report(
        1,
        msg('lab.editionPlatform', { platform: e.platform, shell: e.shell }),
        msg('lab.editionPlatform.hint', { platform: e.platform }),
      );
    else if (!PLATFORM_SHELLS[e.platform].includes(e.shell))
      report(
        1,
        msg('lab.noSuchEdition', { platform: e.platform, shell: e.shell }),
        msg('lab.noSuchEdition.hint', { platform: e.platform, shells: PLATFORM_SHELLS[e.platform].join(', ') }),
      );
  }
}

function platformVariants(lab: Lab, step: Step, report: Report) {
  const wanted = step.platforms ?? lab.platforms;
  for (const p of step.platforms ?? []) {
    if (!lab.platforms.includes(p))
      report(step.line, msg('lab.platformNotListed', { step: step.id, platform: p }), msg('lab.platformNotListed.hint', { platform: p }));
  }
  const editions = lab.editions.filter((e) => appliesTo(step, e));
  for (const sh of step.shells ?? []) {
    if (!lab.editions.some((e) => e.shell === sh))
      report(
        step.line,
        msg('lab.shellNoEdition', { step: step.id, shell: sh }),
        msg('lab.labEditions', { editions: lab.editions.map(label).join(', ') }),
      );
  }
  const runnable = commandsOf(step).filter((c) => !c.norun);
  for (const c of runnable) {
    const edition: EditionId = { platform: c.platform, shell: shellOfKind(c.shell) };
    if (!wanted.includes(c.platform)) {
      report(
        c.line,
        msg('lab.commandElsewhere', { step: step.id, platform: c.platform, platforms: wanted.join(', ') }),
        msg('lab.commandElsewhere.hint', { platform: c.platform }),
      );
    } else if (!hasEdition(lab, edition)) {
      const named = `${edition.platform}/${edition.shell}`;
      report(c.line, msg('lab.commandNoEdition', { step: step.id, edition: named }), msg('lab.commandNoEdition.hint', { edition: named }));
    }
    const twin = runnable.find((o) => o !== c && o.platform === c.platform && o.shell === c.shell);
    if (twin && twin.line < c.line) {
      report(c.line, msg('lab.secondCommand', { step: step.id, edition: label(edition), first: twin.line }), msg('lab.secondCommand.hint'));
    }
  }
  if (runnable.length === 0) {
    if (step.checks.length) report(step.checks[0]!.line, msg('lab.checksNoCommand', { step: step.id }), msg('lab.checksNoCommand.hint'));
    return;
  }
  // Every edition the step is for needs its own command: a learner in that shell must have one to run.
  for (const e of editions) {
    if (commandFor(step, e)) continue;
    const fence =
      e.shell === 'sh' ? `sh {platform=${e.platform}}` : e.platform === 'windows' ? 'powershell' : `powershell {platform=${e.platform}}`;
    const others = lab.editions.filter((x) => x !== e && appliesTo(step, x)).map(label);
    report(
      step.line,
      msg('lab.noCommandFor', { step: step.id, edition: label(e) }),
      others.length ? msg('lab.noCommandFor.hintTo', { fence, others: others.join(', ') }) : msg('lab.noCommandFor.hint', { fence }),
    );
  }
  for (const check of step.checks) {
    for (const p of check.platforms ?? []) {
      if (!wanted.includes(p))
        report(
          check.line,
          msg('lab.checkPlatform', { check: check.id, platform: p, step: step.id }),
          msg('lab.checkPlatform.hint', { platform: p }),
        );
    }
    if (check.shells && !editions.some((e) => appliesTo(check, e))) {
      report(
        check.line,
        msg('lab.checkShell', { check: check.id, shells: check.shells.join(', '), step: step.id }),
        msg('lab.stepEditions', { editions: editions.length ? editions.map(label).join(', ') : msg('lab.noEditions') }),
      );
    }
  }
}

function regexes(step: Step, report: Report) {
  const test = (pattern: string, flags: string, line: number) => {
    try {
      compileLabRegex(pattern, flags);
    } catch (e) {
      report(
        line,
        msg('lab.badRegex', { pattern, error: (e as Error).message.replace(/^Invalid regular expression: /, '') }),
        msg('lab.badRegex.hint'),
      );
      return;
    }
    const unbounded = unboundedConstruct(pattern, flags);
    if (unbounded)
      report(line, msg('lab.unboundedRegex', { pattern, construct: msg(`lab.unbounded.${unbounded}`) }), msg('lab.unboundedRegex.hint'));
  };
  for (const check of step.checks) for (const { pattern, flags } of checkPatterns(check)) test(pattern, flags, check.line);
}

/** Placeholders in the verdict wording: rendered after the step, so any capture of the step is fine. */
function messageUsesOf(check: Check): string[] {
  return [check.pass ?? '', check.fail ?? ''].flatMap(placeholdersIn);
}

/** Placeholders the check compares with: they must be captured before the check runs. */
export function usesOf(check: Check): string[] {
  const texts: string[] = [];
  if (check.kind === 'text') texts.push('value' in check.matcher ? check.matcher.value : check.matcher.pattern);
  const table = check.kind === 'row' ? check.table : check.kind === 'capture' ? check.capture.table : undefined;
  for (const m of Object.values(table?.where ?? {})) texts.push(m.kind === 'equals' ? m.value : m.pattern);
  return texts.flatMap(placeholdersIn);
}

/** The line inside a code block where a placeholder is used (the fence is `block.line`). */
function codeLine(block: { line: number; code: string }, name: string): number {
  const i = block.code.split('\n').findIndex((l) => new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(l));
  return block.line + 1 + Math.max(0, i);
}

function captureOrder(lab: Lab, report: Report) {
  const builtins = new Set<string>([...BUILTIN_VARS, ...Object.keys(lab.vars)]);
  for (const v of Object.keys(lab.vars)) {
    if ((BUILTIN_VARS as readonly string[]).includes(v)) report(1, msg('lab.builtinVar', { name: v }), msg('lab.builtinVar.hint'));
  }
  const everywhere = new Map<string, Step>();
  for (const step of lab.steps)
    for (const c of step.checks) if (c.kind === 'capture' && !everywhere.has(c.capture.name)) everywhere.set(c.capture.name, step);

  for (const edition of lab.editions) {
    const platform = label(edition);
    const defined = new Map<string, Step>();
    const known = (name: string) => builtins.has(name) || defined.has(name);
    const complain = (name: string, line: number, step: Step) => {
      const later = everywhere.get(name);
      const hint =
        later && later !== step && later.line > step.line
          ? msg('lab.capturedLater', { step: later.id, line: later.line })
          : later
            ? msg('lab.capturedElsewhere', { step: later.id, platform })
            : msg('lab.captureEarlier', { name });
      report(line, msg('lab.usedBeforeCapture', { name, platform }), hint);
    };
    const ordered = [...lab.steps.filter((s) => !s.cleanup), ...lab.steps.filter((s) => s.cleanup)];
    for (const step of ordered) {
      if (!appliesTo(step, edition)) continue;
      if (step.cleanup) {
        // Cleanup may refer to anything captured earlier; a missing value only skips that cleanup.
        for (const c of commandsOf(step))
          for (const n of placeholdersIn(c.code)) if (!known(n) && !everywhere.has(n)) complain(n, codeLine(c, n), step);
        continue;
      }
      const cmd = commandFor(step, edition);
      for (const n of placeholdersIn(cmd?.code ?? '')) if (!known(n)) complain(n, codeLine(cmd!, n), step);
      for (const r of step.resources)
        if (appliesTo(r, edition)) for (const n of placeholdersIn(r.name)) if (!known(n)) complain(n, step.line, step);
      for (const check of step.checks) {
        if (!appliesTo(check, edition)) continue;
        for (const n of usesOf(check)) if (!known(n)) complain(n, check.line, step);
        if (check.kind === 'capture') {
          const name = check.capture.name;
          if (builtins.has(name)) report(check.line, msg('lab.captureHidesVar', { name }), msg('lab.captureHidesVar.hint'));
          const first = defined.get(name);
          if (first && first !== step)
            report(check.line, msg('lab.capturedTwice', { name, step: first.id }), msg('lab.capturedTwice.hint'));
          defined.set(name, step);
        }
      }
      for (const check of step.checks) {
        if (appliesTo(check, edition)) for (const n of messageUsesOf(check)) if (!known(n)) complain(n, check.line, step);
      }
    }
  }
}
