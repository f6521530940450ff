import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Each agent run has its own limit (run-agent.ts); this only bounds a test as a whole.
    testTimeout: 120_000,
    hookTimeout: 30_000,
  },
});
