import { interpolateText } from '../value/splice.js';
import { msg, type Msg } from '../i18n/translate.js';
import type { Lab, Step } from '../lab/model.js';
import type { Edition } from '../edition/edition.js';
import { placeholdersIn } from '../value/placeholders.js';
import { capturesMap, type SessionState } from './state.js';

/** The title of the step whose check captures `name`, if any. */
export function capturedBy(lab: Lab, name: string): string | undefined {
  return lab.steps.find((s) => s.checks.some((c) => c.kind === 'capture' && c.capture.name === name))?.title;
}

/**
 * Why a command cannot run yet: a value it uses comes from an earlier step that has not run. Said to
 * a learner, in words (never the capture's raw name) and with what to do: go back and run that step.
 */
export function missingValue(lab: Lab, name: string): Msg {
  const step = capturedBy(lab, name);
  return step ? msg('session.missingCapture', { step }) : msg('check.notJudged.missingAny');
}

/**
 * Why a command cannot run: a value it uses no longer fits its type (a saved session edited by hand),
 * or is free text, which never enters a command. Named by the step that found it, never by its name.
 */
export function refusedValue(lab: Lab, name: string, type: string | undefined, freeText: boolean): Msg {
  const step = capturedBy(lab, name) ?? '?';
  if (freeText || !type) return msg('session.valueFreeText', { step });
  return msg('session.valueRefused', { step, typeDescription: msg(`type.${type}`) });
}

/**
 * Why a step's verdicts cannot be judged before it even runs: it inspects a resource an earlier step
 * of the edition creates (its command names it), or it `needs` an earlier step, and that step did not pass.
 */
export function unmetDependency(step: Step, edition: Edition, state: SessionState): Msg | undefined {
  if (step.cleanup) return undefined; // cleanup removes what exists; it inspects nothing
  const code = edition.command(step)?.code;
  if (code === undefined) return undefined;
  const index = edition.steps.findIndex((s) => s.id === step.id);
  for (const creator of edition.steps.slice(0, Math.max(0, index))) {
    const status = state.steps[creator.id]?.status ?? 'pending';
    if (status === 'passed') continue;
    const why = msg(`dependency.${status === 'running' ? 'pending' : status}`);
    const resource = edition.resources(creator).find((r) => code.includes(r.name));
    if (resource)
      return msg('session.dependsOn', { resource: interpolateText(resource.name, capturesMap(state)), step: creator.title, status: why });
    if (step.needs.includes(creator.id)) return msg('session.needsStep', { step: creator.title, status: why });
  }
  return undefined;
}

/**
 * The values a step's command, checks (their wording too: a verdict names what it compared) and
 * resources use in an edition: what it was judged against.
 */
export function valuesUsedBy(step: Step, edition: Edition): string[] {
  const texts = [edition.command(step)?.code ?? '', JSON.stringify(edition.checks(step))];
  for (const r of edition.resources(step)) texts.push(r.name);
  return [...new Set(placeholdersIn(texts.join('\n')))];
}
