// Build step (`pnpm build`, after tsup): copies the dashboard's script and stylesheet and the
// uPlot chart library (with its licence) into dist/dashboard/, where the server reads them.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'dist', 'dashboard');
const uplot = dirname(createRequire(import.meta.url).resolve('uplot/package.json'));

await mkdir(out, { recursive: true });
const files = [
  [join(here, 'assets', 'dashboard.js'), 'dashboard.js'],
  [join(here, 'assets', 'dashboard.css'), 'dashboard.css'],
  [join(uplot, 'dist', 'uPlot.iife.min.js'), 'uPlot.iife.min.js'],
  [join(uplot, 'dist', 'uPlot.min.css'), 'uPlot.min.css'],
  [join(uplot, 'LICENSE'), 'uPlot.LICENSE'],
];
for (const [from, name] of files) await copyFile(from, join(out, name));
console.log(`Copied ${files.length} dashboard assets to dist/dashboard/`);
