import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Integration tests start real processes and containers; give them room, but never retry:
    // a flaky check must show up, not be hidden.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Docker end-to-end files share one engine: run files one at a time to keep timings honest.
    fileParallelism: false,
    reporters: ['default'],
    // Commands run outside a session (tests of the executor), and sessions driven step by step, leave
    // their run's script and temporary folders (a test worker is stopped without an exit event):
    // removed after each file, so the suite leaves nothing in /tmp.
    setupFiles: ['test/helpers/script-dirs.ts'],
  },
});
