/**
 * What a learner types at the questions of an attended run and of `isolab class join`. The letters a
 * question shows, in each language, decide (test/cli/answer.test.ts reads them from every catalog), and
 * a "yes" in any of the four languages is a yes: in Spanish "s" is the skip key the prompt names, while
 * "sí" (or "si") means yes and must never skip a step the learner wanted to run.
 */
export type StepAnswer = 'run' | 'skip' | 'quit';
export type CleanupAnswer = 'agree' | 'keep' | 'quit';

const YES = new Set(['', 'y', 'yes', 'sí', 'si', 'o', 'oui', '是', '是的', '运行', 'ejecutar', 'exécuter', 'executer', 'run']);
const SKIP = new Set(['s', 'skip', 'omitir', 'sauter', '跳过']);
const QUIT = new Set(['q', 'quit', 'salir', 'quitter', '退出']);
const AGREE = new Set([...YES, 'agree', 'aceptar', 'accepter', '同意']);
const KEEP = new Set(['n', 'no', 'non', 'keep', 'conservar', 'garder', '否', '不', '不同意', '保留']);

/** undefined: not an answer the prompt offers; ask again rather than guess. */
export function stepAnswer(typed: string): StepAnswer | undefined {
  const a = typed.trim().toLowerCase();
  if (YES.has(a)) return 'run';
  if (SKIP.has(a)) return 'skip';
  if (QUIT.has(a)) return 'quit';
  return undefined;
}

/**
 * "Agree to this cleanup?": Enter or a yes agrees, n keeps what the lab creates, q quits. Anything else
 * is asked again: consent to run commands is never read into a typo.
 */
export function cleanupAnswer(typed: string): CleanupAnswer | undefined {
  const a = typed.trim().toLowerCase();
  if (AGREE.has(a)) return 'agree';
  if (KEEP.has(a)) return 'keep';
  if (QUIT.has(a)) return 'quit';
  return undefined;
}

/** What "Share them? [y/N]" takes as a yes: the letter each language shows (s for sí, o for oui), or the word. */
const SHARE = new Set(['y', 'yes', 's', 'sí', 'si', 'o', 'oui', '是', '是的']);

/**
 * "Share them? [y/N]": yes only on a whole yes; Enter and anything else keep the default, no. Sharing a
 * learner's output is consent too: "sin compartir", "skip" or "oh non" began with a yes letter and shared.
 */
export function shareAnswer(typed: string): boolean {
  return SHARE.has(typed.trim().toLowerCase());
}
