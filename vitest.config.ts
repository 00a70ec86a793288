import { defineConfig } from 'vitest/config';

// One runner for every suite. Integration suites start real processes (gateway,
// sync desks, Chromium, Redis), so files run in a few forks, not one per core.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts', 'main/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    setupFiles: ['test/helpers/fuzz-seed.ts'],
  },
});
