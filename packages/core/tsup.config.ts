import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
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
});
