import { msg } from '../i18n/translate.js';
import { appliesTo, hasEdition, type EditionId, type Lab, type Platform, type Requirement, type Shell } from '../lab/model.js';
import { fillPlaceholders } from '../value/placeholders.js';
import { hostPlatform } from './platform.js';
import { engineItems, imageItem, runtimeItem } from './preflight-engine.js';
import { type HostProbe, type PreflightItem, type PreflightReport, realProbe } from './preflight-probe.js';
import { commandItem, fileItem, pwshItem } from './preflight-requirements.js';
import { isolationItem, rootItem, windowsFactsOnce } from './preflight-windows.js';
import { findOnPath } from './which.js';

export { findOnPath };
export {
  provisionScript,
  realProbe,
  type FileAccess,
  type HostProbe,
  type PreflightItem,
  type PreflightReport,
} from './preflight-probe.js';

export interface PreflightOptions {
  platform?: Platform;
  /** The learner's shell; without it, every edition the labs have on this platform is checked. */
  shell?: Shell;
  probe?: HostProbe;
}

/** Checks this machine against a lab's requirements (or, without a lab, the general ones). */
export async function preflight(lab: Lab | undefined, opts: PreflightOptions = {}): Promise<PreflightReport> {
  return preflightLabs(lab ? [lab] : [], opts);
}

/**
 * Checks this machine against the requirements of several labs at once (`isolab doctor` with no lab:
 * is this workshop machine ready for everything we ship?). With no lab at all, checks the engine.
 */
export async function preflightLabs(labs: readonly Lab[], opts: PreflightOptions = {}): Promise<PreflightReport> {
  const probe = opts.probe ?? realProbe;
  const platform = opts.platform ?? hostPlatform();
  const items: PreflightItem[] = [];
  const single = labs.length === 1 ? labs[0] : undefined;
  if (!platform) {
    items.push({
      id: 'platform',
      ok: false,
      label: msg('doctor.platform', { platform: process.platform }),
      fix: msg('doctor.fix.unsupportedOs'),
    });
    return { platform, ok: false, items };
  }
  const editions: EditionId[] = opts.shell
    ? [{ platform, shell: opts.shell }]
    : [...new Set(labs.flatMap((l) => l.editions.filter((e) => e.platform === platform).map((e) => e.shell)))].map((shell) => ({
        platform,
        shell,
      }));
  const runnable = labs.filter((l) => l.platforms.includes(platform) && (!opts.shell || hasEdition(l, { platform, shell: opts.shell })));
  const platformOk = labs.length === 0 || runnable.length > 0;
  items.push({
    id: 'platform',
    ok: platformOk,
    label: msg('doctor.platform', { platform }),
    ...(platformOk
      ? {}
      : {
          fix: msg('doctor.fix.platform', {
            platforms: [...new Set(labs.flatMap((l) => l.platforms))].join(', '),
            lab: single?.id ?? '<lab>',
          }),
        }),
  });

  // Every requirement of every lab that runs here, with the lab's vars filled in, once each; and for
  // those only some steps state, which steps.
  const requirements: Requirement[] = [];
  const seen = new Set<string>();
  const labLevel = new Set<string>();
  const stepsNeeding = new Map<string, string[]>();
  const add = (lab: Lab, r: Requirement, stepId?: string) => {
    if (!editions.some((e) => appliesTo(r, e))) return;
    const resolved = ('name' in r ? { ...r, name: fillPlaceholders(r.name, (n) => lab.vars[n] ?? `{{${n}}}`) } : r) as Requirement;
    const key = requirementItemId(resolved);
    if (!seen.has(key)) {
      seen.add(key);
      requirements.push(resolved);
    }
    if (!stepId) labLevel.add(key);
    else stepsNeeding.set(key, [...(stepsNeeding.get(key) ?? []), stepId]);
  };
  for (const lab of runnable) {
    for (const r of lab.requires) add(lab, r);
    for (const step of lab.steps) if (editions.some((e) => appliesTo(step, e))) for (const r of step.requires) add(lab, r, step.id);
  }
  if (labs.length === 0) requirements.push({ kind: 'engine', name: 'docker' });

  const engine = await engineItems(requirements, probe, platform, items);
  const facts = windowsFactsOnce(probe);
  for (const req of requirements) {
    switch (req.kind) {
      case 'engine':
        break; // covered above
      case 'command':
        items.push(commandItem(req.name, probe, platform));
        break;
      case 'file':
        items.push(fileItem(req.name, probe, platform));
        break;
      case 'runtime':
        items.push(runtimeItem(req.name, engine, platform));
        break;
      case 'isolation':
        items.push(await isolationItem(req.name, engine, platform, facts));
        break;
      case 'image':
        items.push(await imageItem(req.name, engine, probe, platform));
        break;
      case 'root':
        items.push(await rootItem(probe, platform, facts));
        break;
    }
  }
  // Windows brings its own PowerShell; elsewhere a PowerShell edition needs PowerShell 7 installed.
  if (platform !== 'windows' && runnable.length && editions.some((e) => e.shell === 'powershell')) items.push(await pwshItem(probe));
  // A need that only some steps state marks its item (and the engine's, when only steps need an engine).
  const stepOnly = (key: string) => !labLevel.has(key) && stepsNeeding.has(key);
  const engineKeys = [...seen].filter((k) => /^(docker-engine|runtime:|isolation:|image:)/.test(k));
  const engineSteps =
    engineKeys.length && engineKeys.every(stepOnly) ? [...new Set(engineKeys.flatMap((k) => stepsNeeding.get(k)!))] : undefined;
  for (const item of items) {
    const steps = stepOnly(item.id) ? stepsNeeding.get(item.id) : /^docker-/.test(item.id) ? engineSteps : undefined;
    if (steps) item.steps = steps;
  }
  return { platform, ok: items.every((i) => i.ok || i.steps), items };
}

/** The doctor line that answers a requirement. */
export function requirementItemId(r: Requirement): string {
  return r.kind === 'engine' ? 'docker-engine' : r.kind === 'root' ? 'root' : `${r.kind}:${r.name}`;
}

/**
 * The steps this machine cannot run although the lab can, each with what it lacks: they are shown
 * read-only (with the docs' example output), never counted as passed.
 */
export function stepsNotRunnable(report: PreflightReport): Map<string, PreflightItem[]> {
  const out = new Map<string, PreflightItem[]>();
  for (const item of report.items) {
    if (item.ok || !item.steps) continue;
    for (const id of item.steps) out.set(id, [...(out.get(id) ?? []), item]);
  }
  return out;
}
