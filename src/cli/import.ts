import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importDoc, NothingToRunError } from '../import/index.js';
import { parseLab } from '../lab/parse.js';
import { LabError, formatProblem } from '../lab/errors.js';
import { EXIT, UsageError, type CliContext } from './context.js';

/** `isolab import <doc.md> [--out FILE] [--platform P]`: a lab skeleton from a docs page. */
export function importCommand(doc: string, opts: { out?: string; platform?: 'linux' | 'windows' }, ctx: CliContext): number {
  if (!existsSync(doc)) throw new UsageError(ctx.t('cli.noSuchFile', { file: doc }));
  let skeleton: string;
  try {
    skeleton = importDoc(readFileSync(doc, 'utf8'), { sourceName: basename(doc), ...(opts.platform ? { platform: opts.platform } : {}) });
  } catch (e) {
    if (!(e instanceof NothingToRunError)) throw e;
    // A lab with no step would lint clean and teach nothing: say so where the page is.
    throw new LabError([{ file: doc, line: e.line, message: ctx.t('import.nothingToRun'), hint: ctx.t('import.nothingToRunHint') }]);
  }
  // The skeleton must be a valid lab: an author starts from something isolab accepts.
  try {
    parseLab(skeleton, { file: opts.out ?? 'skeleton.md' });
  } catch (e) {
    if (!(e instanceof LabError)) throw e;
    throw new UsageError(ctx.t('cli.skeletonInvalid', { file: doc, problems: e.problems.map((p) => formatProblem(p, ctx.t)).join('\n') }));
  }
  if (opts.out) {
    if (existsSync(opts.out)) throw new UsageError(ctx.t('cli.outExists', { file: opts.out }));
    writeFileSync(opts.out, skeleton);
    ctx.err.write(`${ctx.t('import.written', { file: opts.out })}\n`);
  } else ctx.out.write(skeleton);
  return EXIT.ok;
}
