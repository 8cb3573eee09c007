import type { Msg, Params } from '../i18n/translate.js';
import type { Lab } from './model.js';
import type { LabText } from './localize.js';

/**
 * A session's message names a step by its source title (the session knows no language): on screen,
 * that step is named as the step list names it, in the learner's language. Every `step` param (in the
 * message or the messages it carries) that is a step's source title becomes that step's title here.
 */
export function withStepTitles(m: Msg, lab: Pick<Lab, 'steps'>, text: Pick<LabText, 'steps'>): Msg {
  if (!m.params) return m;
  const params: Params = {};
  for (const [name, v] of Object.entries(m.params)) {
    if (typeof v === 'object') params[name] = withStepTitles(v, lab, text);
    else if (name === 'step' && typeof v === 'string') {
      const id = lab.steps.find((s) => s.title === v)?.id;
      params[name] = (id && text.steps[id]?.title) || v;
    } else params[name] = v;
  }
  return { key: m.key, params };
}
