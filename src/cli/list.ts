import { formatProblem, LabError, problemText } from '../lab/errors.js';
import type { LabProblem } from '../lab/errors.js';
import { msg } from '../i18n/translate.js';
import { defaultLabsDir, displayPath, loadLabLazily, sourceLabFiles } from '../lab/lab-files.js';
import { localize } from '../lab/localize.js';
import { editionName } from '../lab/model.js';
import { editionOf } from '../edition/edition.js';
import { editionHere } from '../edition/choose.js';
import { hostPlatform } from '../host/platform.js';
import { EXIT, type CliContext } from './context.js';
import { jsonDocument } from './json.js';

/** `isolab list`: the labs with titles in the reader's language. */
export async function listCommand(opts: { json?: boolean }, ctx: CliContext): Promise<number> {
  // Step counts are for the edition each lab opens in here (the TUI's, in its first shell).
  const host = hostPlatform();
  // Every row has every field, with the same type: `error` is null for a lab that parses.
  const rows: {
    id: string;
    title: string;
    lang: string;
    platforms: string[];
    editions: string[];
    steps: number;
    file: string;
    error: string | null;
  }[] = [];
  // A lab that cannot be read is said as lint says it (file:line: what is wrong, and a hint), after the list.
  const broken: (LabProblem | string)[] = [];
  for (const file of sourceLabFiles()) {
    try {
      const { lab, translation } = await loadLabLazily(file, ctx.locale.locale);
      const text = localize(lab, translation);
      rows.push({
        id: lab.id,
        title: text.title,
        lang: text.lang,
        platforms: lab.platforms,
        editions: lab.editions.map(editionName),
        steps: editionOf(lab, editionHere(lab, host)).steps.length,
        file,
        error: null,
      });
    } catch (e) {
      if (!(e instanceof LabError)) throw e;
      // JSON keeps the English wording (as logs do); the terminal gets the reader's language.
      const first = e.problems[0];
      const error = first ? `${first.line}: ${opts.json ? first.message : problemText(first, ctx.t).message}` : e.message;
      rows.push({ id: file, title: '', lang: '', platforms: [], editions: [], steps: 0, file, error });
      if (!opts.json)
        broken.push(first ? { ...first, hint: undefined, hintMsg: msg('list.broken.hint', { file: displayPath(file) }) } : e.message);
    }
  }
  if (opts.json) {
    ctx.out.write(jsonDocument({ labs: rows }));
    return rows.some((r) => r.error) ? EXIT.checksFailed : EXIT.ok;
  }
  if (!rows.length) ctx.err.write(`${ctx.t('error.noLabs', { dir: defaultLabsDir() })}\n`);
  const width = Math.max(...rows.filter((r) => !r.error).map((r) => r.id.length), 2);
  for (const r of rows.filter((row) => !row.error))
    ctx.out.write(
      `${ctx.c.bold(r.id.padEnd(width))}  ${r.title} ${ctx.c.dim(ctx.t('list.meta', { editions: r.editions.join(ctx.t('list.separator')), steps: ctx.t('list.steps', { count: r.steps }) }))}\n`,
    );
  for (const b of broken) ctx.err.write(`${ctx.c.red(typeof b === 'string' ? b : formatProblem(b, ctx.t))}\n`);
  return broken.length ? EXIT.checksFailed : EXIT.ok;
}
