import { LabError } from '../lab/errors.js';
import { loadLabLazily, sourceLabFiles } from '../lab/lab-files.js';
import type { Lab, Platform } from '../lab/model.js';
import { shellsOn } from '../edition/choose.js';
import { editionOf } from '../edition/edition.js';
import { onThisHost } from '../edition/host.js';
import { preflightLabs, type PreflightReport } from '../host/preflight.js';
import { EXIT, type CliContext } from './context.js';
import { containerHostItems, HOST_LAB } from './doctor-host.js';
import { jsonDocument } from './json.js';
import { wrappedToTerminal } from './terminal-out.js';

/**
 * `nothingRuns`: the lab runs no step here (isolab run exits 3), so no item is "needed only by N
 * steps". `running`: the steps that run a command here; a need only steps that are read state blocks
 * nothing that runs, and is said so rather than "only 1 step needs it".
 */
export function printPreflight(
  report: PreflightReport,
  { t, c }: CliContext,
  stream: NodeJS.WritableStream,
  opts: { nothingRuns?: boolean; running?: ReadonlySet<string> } = {},
): void {
  const shown = new Set<string>();
  for (const item of report.items) {
    const mark = item.ok ? c.green('✔') : item.unchecked ? c.yellow('?') : c.red('✘');
    const needing = item.steps && opts.running ? item.steps.filter((id) => opts.running!.has(id)) : item.steps;
    const note = !needing ? undefined : needing.length ? t('doctor.onlySteps', { count: needing.length }) : t('doctor.noStepRuns');
    const only = !item.ok && note && !opts.nothingRuns ? c.yellow(` (${note})`) : '';
    stream.write(
      `${mark} ${t(item.label.key, item.label.params)}${item.detail ? c.dim(` — ${t(item.detail.key, item.detail.params)}`) : ''}${only}\n`,
    );
    const fix = !item.ok && item.fix ? t(item.fix.key, item.fix.params) : undefined;
    // Two items with one cause (no permission on the socket, so no answer either) get one fix line.
    if (fix && !shown.has(fix)) stream.write(`  ${c.yellow('→')} ${fix}\n`);
    if (fix) shown.add(fix);
  }
}

/** The machine-readable form of a preflight (`isolab doctor --json`). */
function preflightJson(report: PreflightReport, labs: string[], { t }: CliContext) {
  const unmet = report.items.filter((i) => !i.ok && !i.unchecked);
  return {
    /** The ids of the labs whose requirements were checked: one with `doctor <lab>`, always a list. */
    labs,
    platform: report.platform ?? null,
    ok: report.ok,
    items: report.items.map((i) => ({
      id: i.id,
      ok: i.ok,
      status: i.ok ? 'ok' : i.unchecked ? 'unchecked' : 'missing',
      label: t(i.label.key, i.label.params),
      ...(i.detail ? { detail: t(i.detail.key, i.detail.params) } : {}),
      ...(i.fix && !i.ok ? { fix: t(i.fix.key, i.fix.params) } : {}),
      ...(i.steps ? { steps: i.steps } : {}),
    })),
    /** What to do, in order, once each. */
    fixes: [...new Set(unmet.filter((i) => i.fix).map((i) => t(i.fix!.key, i.fix!.params)))],
  };
}

/**
 * `isolab doctor [lab] [--json]`: is this machine ready, and if not, what to do. With a lab, checks that
 * lab's requirements; without one, those of every shipped lab that runs on this platform. Exit 0 ready, 3 not.
 */
export async function doctorCommand(ref: string | undefined, opts: { json?: boolean }, ctx: CliContext): Promise<number> {
  const labs: Lab[] = [];
  if (ref) labs.push((await loadLabLazily(ref, ctx.locale.locale)).lab);
  else {
    for (const file of sourceLabFiles()) {
      try {
        labs.push((await loadLabLazily(file, undefined)).lab);
      } catch (e) {
        if (!(e instanceof LabError)) throw e;
        // A broken lab is lint's business; doctor checks the machine for the labs that parse.
      }
    }
  }
  const report = await preflightLabs(labs);
  // Without a lab (or for the container-host lab itself), also run the container-host lab's checks:
  // doctor and that lab share one definition of what a host needs.
  const host = !ref || labs[0]?.id === HOST_LAB ? await containerHostItems(ctx) : [];
  const hostOk = host.every((i) => i.ok);
  // doctor asks "is everything here?": a need of some steps only still counts (run starts without it).
  const allMet = report.items.every((i) => i.ok);
  if (opts.json) {
    const json = preflightJson(
      { ...report, ok: allMet && hostOk },
      labs.map((l) => l.id),
      ctx,
    );
    ctx.out.write(
      jsonDocument({ ...json, host: preflightJson({ platform: report.platform, ok: hostOk, items: host }, [HOST_LAB], ctx).items }),
    );
  } else {
    // On a terminal, lines are wrapped as the TUI wraps them; piped, one line per line.
    ctx = { ...ctx, out: wrappedToTerminal(ctx.out) };
    // Which labs the checks below are for: a bare list of ids read as output of nothing.
    if (!ref && labs.length)
      ctx.out.write(ctx.c.dim(`${ctx.t('doctor.labsChecked', { labs: labs.map((l) => l.id).join(ctx.t('list.separator')) })}\n`));
    // One lab asked for by name: whether anything of it runs here, and which of its steps run a command.
    const one = ref && labs[0] && report.platform ? runningHere(labs[0], report.platform, report) : undefined;
    printPreflight(report, ctx, ctx.out, one ? { nothingRuns: !one.anything, running: one.steps } : {});
    if (one && !one.anything) ctx.out.write(`${ctx.c.yellow(ctx.t('doctor.nothingRuns'))}\n`);
    if (host.length) {
      ctx.out.write(`\n${ctx.c.bold(ctx.t('doctor.hostTitle', { lab: HOST_LAB }))}\n`);
      printPreflight({ platform: report.platform, ok: hostOk, items: host }, ctx, ctx.out);
    }
    const unmet = [...report.items, ...host].filter((i) => !i.ok && !i.unchecked).length;
    const ready = allMet && hostOk;
    ctx.out.write(`\n${ready ? ctx.c.green(ctx.t('doctor.ready')) : ctx.c.red(ctx.t('doctor.notReady', { count: unmet }))}\n`);
    return ready ? EXIT.ok : EXIT.requirements;
  }
  return allMet && hostOk ? EXIT.ok : EXIT.requirements;
}

/**
 * What of a lab runs a command on this platform, in any of its editions here, and whether any of it
 * can run as this machine is (the same rule as `isolab run`'s: edition/host.ts). A lab of which
 * nothing runs has no "only N steps need it": the rest of it would not run either.
 */
function runningHere(lab: Lab, platform: Platform, report: PreflightReport): { anything: boolean; steps: Set<string> } {
  const steps = new Set<string>();
  let anything = false;
  for (const shell of shellsOn(lab, platform)) {
    const edition = editionOf(lab, { platform, shell });
    for (const step of edition.steps) if (edition.command(step)) steps.add(step.id);
    const here = onThisHost(edition, report);
    if (here.steps.some((step) => here.command(step) && !here.notRunHere(step.id))) anything = true;
  }
  // A lab-wide need unmet stops every step; a lab that only reads has nothing to stop.
  return { anything: steps.size === 0 || (report.ok && anything), steps };
}
