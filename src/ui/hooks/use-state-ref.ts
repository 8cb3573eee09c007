import { useCallback, useRef, useState } from 'react';

/**
 * State whose latest value can be read at once, before React renders it. Keys typed faster than the
 * screen redraws (a paste, tmux send-keys, a quick "n Enter") arrive in one burst: each key must act
 * on the state the key before it left, not on the last frame.
 */
export function useStateRef<T>(initial: T | (() => T)): [T, (next: T | ((prev: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, set, ref];
}

/** useReducer with the same property: dispatch updates the readable state synchronously. */
export function useReducerRef<S, A>(reducer: (s: S, a: A) => S, initial: S): [S, (action: A) => void, { readonly current: S }] {
  const [value, set, ref] = useStateRef(initial);
  const dispatch = useCallback((action: A) => set((s) => reducer(s, action)), [reducer, set]);
  return [value, dispatch, ref];
}
