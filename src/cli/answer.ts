/**
 * What a learner typed at "Run this command?". The letters the prompt names decide, and a "yes" in
 * any of the four languages runs: in Spanish "s" is the skip key the prompt names, while "sí" (or "si")
 * means yes and must never skip a step the learner wanted to run.
 */
export type StepAnswer = 'run' | 'skip' | 'quit';

const YES = new Set(['', 'y', 'yes', 'sí', 'si', 'o', 'oui', '是', '是的', '运行', 'ejecutar', 'exécuter', 'executer', 'run']);
const SKIP = new Set(['s', 'skip', 'omitir', 'sauter', '跳过']);
const QUIT = new Set(['q', 'quit', 'salir', 'quitter', '退出']);

/** undefined: not an answer the prompt offers; ask again rather than guess. */
export function stepAnswer(typed: string): StepAnswer | undefined {
  const a = typed.trim().toLowerCase();
  if (YES.has(a)) return 'run';
  if (SKIP.has(a)) return 'skip';
  if (QUIT.has(a)) return 'quit';
  return undefined;
}
