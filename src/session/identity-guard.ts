import type { CapturedValue } from '../value/types.js';
import { actedOn } from '../value/run-reads.js';
import { type Identity, identityOf, type IdentityKind } from '../host/identity.js';
import { msg, type Msg } from '../i18n/translate.js';
import { commandFor, type EditionId, type Lab, type Step } from '../lab/model.js';
import { valueNames } from '../lab/value-lint.js';
import { capturedBy } from './dependencies.js';

/**
 * No command acts on a captured process or container that cannot be shown to still be the one
 * captured (issue 19): a PID reused by a bystander after a crash, a container name given to a new
 * container. The value contract knows which arguments are PIDs and containers of a command that acts
 * on them (kill, Stop-Process, docker rm, docker exec); their identity is recorded when the value is
 * captured (host/identity.ts) and compared before the command runs.
 */

export type IdentityProbe = (kind: IdentityKind, value: string) => Promise<Identity>;

/** Can the run prove this PID its own (session/ownership.ts)? Nothing proven by default. */
export type OwnershipProbe = (pid: number) => boolean;

/** The values some command of this edition acts on, by name, with what they name. */
export function actedOnNames(lab: Lab, edition: EditionId): Map<string, IdentityKind> {
  const out = new Map<string, IdentityKind>();
  for (const step of lab.steps)
    for (const use of actedOnBy(lab, step, edition)) out.set(use.name, use.kind === 'pid' ? 'pid' : 'container');
  return out;
}

/**
 * What a step's command acts on: a function of the lab alone, asked before every step, so worked out
 * once per lab, step and edition (parsing each command against the value contract was a visible part
 * of a fast step's cost).
 */
type Uses = ReturnType<typeof actedOn>;
const actedOnCache = new WeakMap<Lab, { names: ReturnType<typeof valueNames>; steps: WeakMap<Step, Map<string, Uses>> }>();
function actedOnBy(lab: Lab, step: Step, edition: EditionId): Uses {
  const known = actedOnCache.get(lab) ?? { names: valueNames(lab), steps: new WeakMap<Step, Map<string, Uses>>() };
  actedOnCache.set(lab, known);
  const byEdition = known.steps.get(step) ?? new Map<string, Uses>();
  known.steps.set(step, byEdition);
  const key = `${edition.platform}/${edition.shell}`;
  let uses = byEdition.get(key);
  if (!uses) {
    const cmd = commandFor(step, edition);
    uses = cmd ? actedOn(cmd.code, cmd.shell, known.names) : [];
    byEdition.set(key, uses);
  }
  return uses;
}

/** Captured values with the identity of what they name, for those a command of the lab acts on. */
export async function withIdentities(
  captured: CapturedValue[],
  actedOnByLab: Map<string, IdentityKind>,
  probe: IdentityProbe = identityOf,
): Promise<CapturedValue[]> {
  return Promise.all(
    captured.map(async (v) => {
      const kind = actedOnByLab.get(v.name);
      if (!kind) return v;
      const now = await probe(kind, v.value);
      return now.state === 'present' ? { ...v, identity: now.id } : v;
    }),
  );
}

/**
 * Why this step's command must not run now: a value it acts on names something that is not (or
 * cannot be shown to be) what was captured, or a process this run cannot prove it started. Undefined when it may run, which includes when nothing
 * exists under that PID or name any more: then the command acts on nothing (`kill` fails, and a
 * cleanup's `|| true` or `echo` still does its part).
 */
export async function identityRefusal(
  lab: Lab,
  step: Step,
  edition: EditionId,
  values: ReadonlyMap<string, CapturedValue>,
  probe: IdentityProbe = identityOf,
  owns: OwnershipProbe = () => false,
): Promise<Msg | undefined> {
  // Nothing captured yet (most steps of most labs): no value to act on, nothing to parse.
  if (!values.size) return undefined;
  for (const use of actedOnBy(lab, step, edition)) {
    const v = values.get(use.name);
    if (!v) continue; // never captured: the step is not run for that reason already
    const kind: IdentityKind = use.kind === 'pid' ? 'pid' : 'container';
    const what = kind === 'pid' ? msg('session.identity.process', { pid: v.value }) : msg('session.identity.container', { name: v.value });
    const step = capturedBy(lab, use.name) ?? v.stepId;
    const params = { what, step, command: use.command };
    const now = await probe(kind, v.value);
    if (now.state === 'gone') continue;
    if (now.state === 'unknown' || !v.identity) return msg('session.identityUnknown', params);
    if (now.id !== v.identity) return msg('session.identityChanged', params);
    // Still the process captured, but captured from what a step printed: that proves it exists, not
    // that this run started it. Only a process the run can prove its own is signalled.
    if (kind === 'pid' && !owns(Number(v.value))) return msg('session.identityNotOurs', params);
  }
  return undefined;
}
