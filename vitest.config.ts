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
    // Commands run outside a session (tests of the executor) leave their run's script folder until
    // the process exits, and a test worker is stopped without an exit event: removed after each file.
    setupFiles: ['test/helpers/script-dirs.ts'],
  },
});
