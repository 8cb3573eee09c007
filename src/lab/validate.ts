import {
  PLATFORM_SHELLS, appliesTo, commandFor, defaultShell, hasEdition, shellOfKind, type Check, type Edition, type Lab, type Step,
} from './model.js';
import { BUILTIN_VARS, PLACEHOLDER, placeholdersIn } from './placeholders.js';
import { contextsAt } from '../exec/shell-context.js';

type Report = (line: number, message: string, hint?: string) => void;

/** Whole-lab rules: unique ids, one command per platform, captures defined before use, valid regexes. */
export function validateLab(lab: Lab, report: Report): void {
  uniqueStepIds(lab, report);
  declaredEditions(lab, report);
  for (const step of lab.steps) {
    safePlaceholders(step, report);
    uniqueCheckIds(lab, step, report);
    platformVariants(lab, step, report);
    regexes(step, report);
  }
  captureOrder(lab, report);
}

/** A value can be quoted anywhere but inside backticks and here-documents: say so before anything runs. */
function safePlaceholders(step: Step, report: Report) {
  for (const block of step.commands) {
    const matches = [...block.code.matchAll(PLACEHOLDER)];
    const contexts = contextsAt(block.code, matches.map((m) => m.index!), block.shell);
    matches.forEach((m, i) => {
      if (contexts[i] === 'unsafe') report(codeLine(block, m[1]!), `{{${m[1]}}} stands inside backticks or a here-document, where a value cannot be quoted safely`, 'use $( ) instead of backticks, or pass the value as an argument');
    });
  }
}

function uniqueStepIds(lab: Lab, report: Report) {
  const seen = new Map<string, Step>();
  for (const step of lab.steps) {
    const first = seen.get(step.id);
    if (first) report(step.line, `duplicate step id "${step.id}" (first used at line ${first.line})`, 'step ids must be unique within a lab: translations and reports refer to them');
    else seen.set(step.id, step);
  }
}

function uniqueCheckIds(lab: Lab, step: Step, report: Report) {
  const seen = new Map<string, Check>();
  for (const check of step.checks) {
    const first = seen.get(check.id);
    // Variants of one check share an id; two that could both run in one edition would be ambiguous.
    const overlap = first && lab.editions.some((e) => appliesTo(first, e) && appliesTo(check, e));
    if (first && overlap) report(check.line, `duplicate check id "${check.id}" in step "${step.id}" (first at line ${first.line})`, 'give one of them an explicit id: ...');
    else if (first && (first.pass !== check.pass || first.fail !== check.fail)) {
      // Platform variants of one check share an id, and translations word verdicts by id.
      report(check.line, `check "${check.id}" has other pass/fail wording than its variant at line ${first.line}`, 'variants of a check (per platform or shell) share their wording; give this one another id if it means something else');
    } else seen.set(check.id, check);
  }
}

/** How messages name an edition: the platform alone for its default shell, as labs always did. */
function label(e: Edition): string {
  return e.shell === defaultShell(e.platform) ? e.platform : `${e.platform}/${e.shell}`;
}

function declaredEditions(lab: Lab, report: Report) {
  for (const e of lab.editions) {
    if (!lab.platforms.includes(e.platform)) report(1, `edition ${e.platform}/${e.shell} is for ${e.platform}, which the lab does not list in platforms`, `add ${e.platform} to platforms or remove the edition`);
    else if (!PLATFORM_SHELLS[e.platform].includes(e.shell)) report(1, `${e.platform} has no ${e.shell} edition`, `${e.platform} offers: ${PLATFORM_SHELLS[e.platform].join(', ')}`);
  }
}

function platformVariants(lab: Lab, step: Step, report: Report) {
  const wanted = step.platforms ?? lab.platforms;
  for (const p of step.platforms ?? []) {
    if (!lab.platforms.includes(p)) report(step.line, `step "${step.id}" is for ${p}, which the lab does not list in platforms`, `add ${p} to platforms in the front matter or remove it from the step`);
  }
  const editions = lab.editions.filter((e) => appliesTo(step, e));
  for (const sh of step.shells ?? []) {
    if (!lab.editions.some((e) => e.shell === sh)) report(step.line, `step "${step.id}" is for ${sh}, which no edition of the lab uses`, `the lab's editions: ${lab.editions.map(label).join(', ')}`);
  }
  const runnable = step.commands.filter((c) => !c.norun);
  for (const c of runnable) {
    const edition: Edition = { platform: c.platform, shell: shellOfKind(c.shell) };
    if (!wanted.includes(c.platform)) {
      report(c.line, `step "${step.id}" has a ${c.platform} command but the step is for ${wanted.join(', ')}`, `mark the block {norun} or add ${c.platform} to the step's platform`);
    } else if (!hasEdition(lab, edition)) {
      report(c.line, `step "${step.id}" has a ${edition.platform}/${edition.shell} command but the lab has no such edition`, `add ${edition.platform}/${edition.shell} to editions in the front matter, or mark the block {norun}`);
    }
    const twin = runnable.find((o) => o !== c && o.platform === c.platform && o.shell === c.shell);
    if (twin && twin.line < c.line) {
      report(c.line, `step "${step.id}" has a second ${label(edition)} command (first at line ${twin.line})`, 'a step runs one command per edition: merge the blocks or split the step; mark reading-only blocks {norun}');
    }
  }
  if (runnable.length === 0) {
    if (step.checks.length) report(step.checks[0]!.line, `step "${step.id}" has checks but no command to run`, 'add a ```sh or ```powershell block to the step, or remove the checks');
    return;
  }
  // Every edition the step is for needs its own command: a learner in that shell must have one to run.
  for (const e of editions) {
    if (commandFor(step, e)) continue;
    const fence = e.shell === 'sh' ? `sh {platform=${e.platform}}` : e.platform === 'windows' ? 'powershell' : `powershell {platform=${e.platform}}`;
    const others = lab.editions.filter((x) => x !== e && appliesTo(step, x)).map(label);
    report(step.line, `step "${step.id}" has no ${label(e)} command`, `add a \`\`\`${fence} block, or limit the step with "platform:" or "shell:"${others.length ? ` to ${others.join(', ')}` : ''}`);
  }
  for (const check of step.checks) {
    for (const p of check.platforms ?? []) {
      if (!wanted.includes(p)) report(check.line, `check "${check.id}" is for ${p} but step "${step.id}" does not run there`, `remove ${p} from the check's platform`);
    }
    if (check.shells && !editions.some((e) => appliesTo(check, e))) {
      report(check.line, `check "${check.id}" is for ${check.shells.join(', ')} but no edition of step "${step.id}" runs there`, `the step's editions: ${editions.map(label).join(', ') || 'none'}`);
    }
  }
}

function regexes(step: Step, report: Report) {
  const test = (pattern: string, flags: string, line: number) => {
    try {
      new RegExp(pattern, flags);
    } catch (e) {
      report(line, `invalid regular expression /${pattern}/: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, 'patterns are JavaScript regular expressions; in YAML single quotes keep backslashes as they are');
    }
  };
  for (const check of step.checks) {
    if (check.kind === 'text' && (check.matcher.kind === 'matches' || check.matcher.kind === 'notMatches')) test(check.matcher.pattern, check.matcher.flags, check.line);
    const table = check.kind === 'row' ? check.table : check.kind === 'capture' ? check.capture.table : undefined;
    if (table?.header) test(table.header, '', check.line);
    for (const m of Object.values(table?.where ?? {})) if (m.kind === 'matches') test(m.pattern, m.flags, check.line);
    if (check.kind === 'capture') for (const r of check.capture.regex) test(r.pattern, r.flags, check.line);
  }
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
    if ((BUILTIN_VARS as readonly string[]).includes(v)) report(1, `vars: "${v}" is provided by isolab and cannot be redefined`, 'pick another name');
  }
  const everywhere = new Map<string, Step>();
  for (const step of lab.steps) for (const c of step.checks) if (c.kind === 'capture' && !everywhere.has(c.capture.name)) everywhere.set(c.capture.name, step);

  for (const edition of lab.editions) {
    const platform = label(edition);
    const defined = new Map<string, Step>();
    const known = (name: string) => builtins.has(name) || defined.has(name);
    const complain = (name: string, line: number, step: Step) => {
      const later = everywhere.get(name);
      const hint = later && later !== step && later.line > step.line
        ? `it is captured later, in step "${later.id}" (line ${later.line}): move that step first`
        : later ? `it is captured only for another platform in step "${later.id}"; capture it for ${platform} too`
        : `capture it in an earlier step (- capture: {name: ${name}, type: integer, regex: '...'}) or define it under vars`;
      report(line, `{{${name}}} is used before it is captured (${platform})`, hint);
    };
    const ordered = [...lab.steps.filter((s) => !s.cleanup), ...lab.steps.filter((s) => s.cleanup)];
    for (const step of ordered) {
      if (!appliesTo(step, edition)) continue;
      if (step.cleanup) {
        // Cleanup may refer to anything captured earlier; a missing value only skips that cleanup.
        for (const c of step.commands) for (const n of placeholdersIn(c.code)) if (!known(n) && !everywhere.has(n)) complain(n, codeLine(c, n), step);
        continue;
      }
      const cmd = commandFor(step, edition);
      for (const n of placeholdersIn(cmd?.code ?? '')) if (!known(n)) complain(n, codeLine(cmd!, n), step);
      for (const r of step.resources) if (appliesTo(r, edition)) for (const n of placeholdersIn(r.name)) if (!known(n)) complain(n, step.line, step);
      for (const check of step.checks) {
        if (!appliesTo(check, edition)) continue;
        for (const n of usesOf(check)) if (!known(n)) complain(n, check.line, step);
        if (check.kind === 'capture') {
          const name = check.capture.name;
          if (builtins.has(name)) report(check.line, `capture "${name}" would hide the variable of the same name`, 'rename the capture');
          const first = defined.get(name);
          if (first && first !== step) report(check.line, `capture "${name}" is already captured in step "${first.id}"`, 'give this capture another name');
          defined.set(name, step);
        }
      }
      for (const check of step.checks) {
        if (appliesTo(check, edition)) for (const n of messageUsesOf(check)) if (!known(n)) complain(n, check.line, step);
      }
    }
  }
}
