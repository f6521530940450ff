import { defineConfig } from '/work/main/packages/server/node_modules/vitest/dist/config.js';
export default defineConfig({
  resolve: { alias: { '@stereos/core': '/tmp/scratch/core-shim.ts' } },
  test: { include: ['src/**/*.test.ts'], testTimeout: 20_000, root: '/work/main/packages/server' },
});
