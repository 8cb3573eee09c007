import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import type { AppProps } from '../../src/ui/app.js';
import { loadMarkdown } from '../../src/ui/render/markdown.js';
import { renderApp, sandbox, type Tui } from '../ui/helpers.js';

/**
 * The app with Markdown loaded before it renders (the app loads it after its first screen; these
 * tests measure the prose as the learner sees it), each test in a sandbox of its own: the app is
 * unmounted and the sandbox removed after each test, however it ended. Call once at the top of a
 * test file.
 */
export function appPerTest(): {
  /**
   * A sandbox with these fixture labs (`files`: more labs, name → text), and the app on its home
   * screen at `size`. `props.labsDir` lists other labs (the shipped ones) in the sandbox's state.
   */
  open(opts: { labs?: string[]; files?: Record<string, string>; props?: Partial<AppProps>; size?: { columns: number; rows: number } }): Tui;
} {
  let box: ReturnType<typeof sandbox> | undefined;
  let tui: Tui | undefined;
  beforeAll(async () => {
    await loadMarkdown();
  });
  afterEach(() => {
    tui?.unmount();
    tui = undefined;
    box?.dispose();
    box = undefined;
  });
  return {
    open: ({ labs = [], files = {}, props = {}, size }) => {
      box = sandbox(labs);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(box.labsDir, name), text);
      tui = renderApp({ labsDir: box.labsDir, ...props }, size);
      return tui;
    },
  };
}
