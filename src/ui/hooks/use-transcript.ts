import { useEffect, useRef, useState } from 'react';
import type { Translate } from '../../i18n/translate.js';
import type { LabText } from '../../lab/localize.js';
import type { Session } from '../../session/session.js';
import { transcriptEntry, type TranscriptEntry } from '../render/transcript.js';

let sequence = 0;

/**
 * Every step that finishes or is skipped becomes a transcript entry, worded in the language of the
 * moment. Entries accumulate across labs: they are what the scrollback keeps.
 */
export function useTranscript(session: Session | undefined, text: LabText | undefined, t: Translate): TranscriptEntry[] {
  const [entries, setEntries] = useState<TranscriptEntry[]>([]);
  const words = useRef({ text, t });
  words.current = { text, t };
  useEffect(() => {
    if (!session) return;
    const learner = session.steps().map((s) => s.id);
    return session.subscribe((state, e) => {
      if (e.type !== 'stepFinished' && e.type !== 'stepSkipped') return;
      const { text: lt, t: tr } = words.current;
      const index = learner.indexOf(e.stepId);
      const entry = transcriptEntry({
        key: `t${++sequence}`,
        stepId: e.stepId,
        state,
        t: tr,
        ...(index >= 0 ? { position: { index: index + 1, total: learner.length } } : {}),
        title: lt?.steps[e.stepId]?.title ?? session.step(e.stepId).title,
        ...(lt?.steps[e.stepId] ? { words: lt.steps[e.stepId] } : {}),
      });
      setEntries((prev) => [...prev, entry]);
    });
  }, [session]);
  return entries;
}
