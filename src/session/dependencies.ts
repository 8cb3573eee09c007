import { interpolateText } from '../value/splice.js';
import { msg, type Msg } from '../i18n/translate.js';
import { appliesTo, checksFor, commandFor, type Lab, type Step, type Where } from '../lab/model.js';
import { placeholdersIn } from '../value/placeholders.js';
import { capturesMap, type SessionState } from './state.js';

/** The title of the step whose check captures `name`, if any. */
export function capturedBy(lab: Lab, name: string): string | undefined {
  return lab.steps.find((s) => s.checks.some((c) => c.kind === 'capture' && c.capture.name === name))?.title;
}

/** "needs pid from step 'What docker top shows', which was never captured" */
export function missingValue(lab: Lab, name: string): Msg {
  const step = capturedBy(lab, name);
  return step ? msg('check.notJudged.missing', { name, step }) : msg('check.notJudged.missingAny', { name });
}

/**
 * Why a step's verdicts cannot be judged before it even runs: it inspects a resource an earlier step
 * creates (its command names it), or it `needs` an earlier step, and that step did not pass.
 * `before` is the learner's steps in order.
 */
export function unmetDependency(step: Step, before: Step[], edition: Where, state: SessionState): Msg | undefined {
  if (step.cleanup) return undefined; // cleanup removes what exists; it inspects nothing
  // The edition, never its platform alone: a platform means its default shell, where a step limited
  // to PowerShell has no command, and its needs would go unchecked.
  const code = commandFor(step, edition)?.code;
  if (code === undefined) return undefined;
  const index = before.findIndex((s) => s.id === step.id);
  for (const creator of before.slice(0, Math.max(0, index))) {
    const status = state.steps[creator.id]?.status ?? 'pending';
    if (status === 'passed') continue;
    const why = msg(`dependency.${status === 'running' ? 'pending' : status}`);
    const resource = creator.resources.find((r) => appliesTo(r, edition) && code.includes(r.name));
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
export function valuesUsedBy(step: Step, edition: Where): string[] {
  const texts = [commandFor(step, edition)?.code ?? '', JSON.stringify(checksFor(step, edition))];
  for (const r of step.resources) if (appliesTo(r, edition)) texts.push(r.name);
  return [...new Set(placeholdersIn(texts.join('\n')))];
}
