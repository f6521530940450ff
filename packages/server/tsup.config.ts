import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/node.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // ASCII output: one non-Latin-1 character makes V8 keep a whole script's source at two bytes
  // per character (bench/README.md, "Idle memory").
  esbuildOptions(options) {
    options.charset = 'ascii';
  },
  // `import.meta.url` in the CommonJS build (the dashboard finds its assets with it).
  shims: true,
});
