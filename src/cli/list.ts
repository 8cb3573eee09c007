import { LabError } from '../lab/errors.js';
import { defaultLabsDir, loadLab, sourceLabFiles } from '../lab/catalog.js';
import { localize } from '../lab/localize.js';
import { appliesTo, editionName } from '../lab/model.js';
import { hostPlatform } from '../host/platform.js';
import { EXIT, type CliContext } from './context.js';

/** `isolab list`: the labs with titles in the reader's language. */
export function listCommand(opts: { json?: boolean }, ctx: CliContext): number {
  // Step counts are for this machine's edition of each lab.
  const host = hostPlatform();
  const rows: { id: string; title: string; lang: string; platforms: string[]; editions: string[]; steps: number; file: string; error?: string }[] = [];
  for (const file of sourceLabFiles()) {
    try {
      const { lab, translation } = loadLab(file, ctx.locale.locale);
      const text = localize(lab, translation);
      rows.push({ id: lab.id, title: text.title, lang: text.lang, platforms: lab.platforms, editions: lab.editions.map(editionName), steps: lab.steps.filter((s) => !s.cleanup && (!host || !lab.platforms.includes(host) || appliesTo(s, host))).length, file });
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      rows.push({ id: file, title: '', lang: '', platforms: [], editions: [], steps: 0, file, error: e.problems[0] ? `${e.problems[0].line}: ${e.problems[0].message}` : 'invalid' });
    }
  }
  if (opts.json) {
    ctx.out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (!rows.length) ctx.err.write(`${ctx.t('error.noLabs', { dir: defaultLabsDir() })}\n`);
  const width = Math.max(...rows.map((r) => r.id.length), 2);
  for (const r of rows) {
    if (r.error) ctx.out.write(`${r.id.padEnd(width)}  ${ctx.c.red(r.error)}\n`);
    else ctx.out.write(`${ctx.c.bold(r.id.padEnd(width))}  ${r.title} ${ctx.c.dim(`[${r.editions.join(', ')} · ${ctx.t('list.steps', { count: r.steps })}]`)}\n`);
  }
  return EXIT.ok;
}
