import { useEffect, useState } from 'react';

/** Milliseconds since `since` (an ISO time), ticking once a second while `active`. */
export function useElapsed(since: string | undefined, active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  // `since` is a dependency on purpose: a new step restarts the tick from zero.
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active, since]);
  return since ? Math.max(0, now - Date.parse(since)) : 0;
}
