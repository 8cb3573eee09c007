import { ledgerDir, ledgerOf } from './ledger.js';
import { markedProcesses } from './marked-processes.js';

/** What an earlier run (a paused one, say) keeps running, as its ledger and its process marker know it. */
export interface StillThere {
  containers: string[];
  processes: number;
}

/**
 * The one source for what a run keeps: the containers its ledger recorded (a removal deletes the
 * ledger) and the processes that still carry its marker. Read, never guessed from progress.
 */
export function stillThere(runId: string, dir = ledgerDir()): StillThere {
  const entry = ledgerOf(runId, dir);
  if (!entry) return { containers: [], processes: 0 };
  return { containers: [...entry.containers], processes: markedProcesses(runId).length };
}

export function keepsAnything(s: StillThere): boolean {
  return s.containers.length + s.processes > 0;
}
