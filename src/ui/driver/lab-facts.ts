import { shellsOn } from '../../edition/choose.js';
import type { SessionState } from '../../session/state.js';
import type { Facts } from '../controller.js';
import { displayStatus } from '../render/status.js';
import { seenWhole, type CommandSeen, type CommandShown } from './command-seen.js';
import type { LabRun } from './lab-run.js';
import type { Active } from './view.js';

/**
 * What the controller needs to know of the open lab, read at the moment of an event: its steps, the
 * selected one's command and whether the screen showed it (whole), whether leaving has anything to ask.
 */
export function labFacts(
  a: Active,
  stepIndex: number,
  seen: { onScreen: CommandShown | undefined; shown: CommandSeen | undefined },
  keeps: KeepsMemo,
): NonNullable<Facts['lab']> {
  const s = a.started?.session;
  const readOnly = a.opened.mode.kind === 'read';
  const steps = s
    ? s.steps().map((st) => ({
        id: st.id,
        status: displayStatus(s.state.steps[st.id]),
        hints: (a.text.steps[st.id]?.hints ?? st.hints).length,
        reads: !s.edition.command(st),
      }))
    : [];
  const sel = steps[stepIndex];
  const p = s && sel ? s.preview(sel.id) : undefined;
  const out = sel ? s?.state.steps[sel.id]?.output : undefined;
  return {
    readOnly,
    busy: s?.busy ?? false,
    started: !!a.started,
    steps,
    ...(p ? { preview: p.ok ? { ok: true as const } : { ok: false as const, reason: p.reason } } : {}),
    shownMatches: seen.onScreen?.stepId === sel?.id && seen.onScreen?.code === (p?.ok ? p.code : undefined),
    shownWhole: seenWhole(seen.shown, sel?.id, p?.ok ? p.code : undefined),
    keeps: !readOnly && !!s && keeps.of(s),
    earlierKeeps: !a.started && !!a.removal,
    hasOutput: !!out && (out.lines.length > 0 || out.partial !== ''),
    shell: a.opened.edition.shell,
    shells: shellsOn(a.opened.edition.lab, a.opened.edition.platform),
  };
}

/** Whether the lab keeps something is asked once per session state (it reads the process table). */
export class KeepsMemo {
  private memo: { state?: SessionState; keeps: boolean } = { keeps: false };

  of(s: LabRun): boolean {
    if (this.memo.state !== s.state && !s.busy) this.memo = { state: s.state, keeps: s.hasSomethingToRemove() };
    return this.memo.keeps;
  }
}
