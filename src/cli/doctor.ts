import { loadLab } from '../lab/catalog.js';
import { preflight, type PreflightReport } from '../host/preflight.js';
import { EXIT, type CliContext } from './context.js';

export function printPreflight(report: PreflightReport, { t, c }: CliContext, stream: NodeJS.WritableStream): void {
  for (const item of report.items) {
    const mark = item.ok ? c.green('✔') : c.red('✘');
    stream.write(`${mark} ${t(item.label.key, item.label.params)}${item.detail ? c.dim(` — ${t(item.detail.key, item.detail.params)}`) : ''}\n`);
    if (!item.ok && item.fix) stream.write(`  ${c.yellow('→')} ${t(item.fix.key, item.fix.params)}\n`);
  }
}

/** `isolab doctor [lab] [--json]`: is this machine ready, and if not, what to do. Exit 0 ready, 3 not. */
export async function doctorCommand(ref: string | undefined, opts: { json?: boolean }, ctx: CliContext): Promise<number> {
  const lab = ref ? loadLab(ref, ctx.locale.locale).lab : undefined;
  const report = await preflight(lab);
  if (opts.json) {
    const { t } = ctx;
    ctx.out.write(`${JSON.stringify({
      lab: lab?.id ?? null, platform: report.platform ?? null, ok: report.ok,
      items: report.items.map((i) => ({ id: i.id, ok: i.ok, label: t(i.label.key, i.label.params), ...(i.detail ? { detail: t(i.detail.key, i.detail.params) } : {}), ...(i.fix && !i.ok ? { fix: t(i.fix.key, i.fix.params) } : {}) })),
    }, null, 2)}\n`);
  } else {
    printPreflight(report, ctx, ctx.out);
  }
  return report.ok ? EXIT.ok : EXIT.requirements;
}
