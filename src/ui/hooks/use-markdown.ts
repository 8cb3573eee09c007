import { useEffect, useState } from 'react';
import { loadMarkdown, markdownLoaded } from '../render/markdown.js';

/** Loads the Markdown renderer once the first screen is up; re-renders when it is there. */
export function useMarkdown(): boolean {
  const [ready, setReady] = useState(markdownLoaded);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void loadMarkdown().then(() => {
      if (live) setReady(true);
    });
    return () => {
      live = false;
    };
  }, [ready]);
  return ready;
}
