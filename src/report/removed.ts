import { msg, type Msg } from '../i18n/translate.js';

/**
 * What a cleanup removed, as a report holds it: the kind and the id, the same in every language.
 * `escaped`: a process that had left its step (its group, or the marker), found in the run's cgroup.
 */
export type RemovedItem = { kind: 'container'; name: string } | { kind: 'process'; pid: number; comm: string; escaped?: true };

/** The cleanup words each removal as a message (session/cleanup.ts): the report keeps its data. */
export function removedItem(m: Msg): RemovedItem {
  const p = m.params ?? {};
  if (m.key === 'cleanup.container') return { kind: 'container', name: String(p.name) };
  return { kind: 'process', pid: Number(p.pid), comm: String(p.comm), ...(m.key === 'cleanup.escaped' ? { escaped: true as const } : {}) };
}

/** The item worded again, for a report meant to be read (Markdown). */
export function removedMsg(r: RemovedItem): Msg {
  if (r.kind === 'container') return msg('cleanup.container', { name: r.name });
  return msg(r.escaped ? 'cleanup.escaped' : 'cleanup.process', { pid: r.pid, comm: r.comm });
}
