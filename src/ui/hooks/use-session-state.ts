import { useEffect, useState } from 'react';
import type { Session } from '../../session/session.js';
import type { SessionState } from '../../session/state.js';

/**
 * The session's state, re-read after every event. Output chunks can arrive by the thousand (a ping
 * flood): those are coalesced to one update per `throttleMs`; every other event shows at once.
 */
export function useSessionState(session: Session | undefined, throttleMs = 50): SessionState | undefined {
  const [seen, setSeen] = useState<{ session: Session; state: SessionState } | undefined>();
  useEffect(() => {
    if (!session) return;
    setSeen({ session, state: session.state });
    let timer: NodeJS.Timeout | undefined;
    const unsubscribe = session.subscribe((state, e) => {
      if (e.type === 'output') {
        timer ??= setTimeout(() => {
          timer = undefined;
          setSeen({ session, state: session.state });
        }, throttleMs);
        return;
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      setSeen({ session, state });
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [session, throttleMs]);
  if (!session) return undefined;
  return seen?.session === session ? seen.state : session.state;
}
