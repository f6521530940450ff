/*
 * The dashboard's files: its own script and stylesheet (`assets/` beside this file) and uPlot,
 * the chart library. The build copies all of them to `dist/dashboard/`
 * (`copy-assets.mjs`); running from source (tests), they are read from `assets/` and from the
 * `uplot` package. Node's `fs` is imported lazily, so the app still loads where there is none
 * (Workers): there, the assets answer 404 and the dashboard should be turned off.
 */

/** The files served under `/dashboard/assets/`, and where uPlot's come from. */
export const DASHBOARD_ASSETS = {
  'dashboard.js': { type: 'text/javascript; charset=utf-8', from: 'assets' },
  'dashboard.css': { type: 'text/css; charset=utf-8', from: 'assets' },
  'uPlot.iife.min.js': { type: 'text/javascript; charset=utf-8', from: 'uplot' },
  'uPlot.min.css': { type: 'text/css; charset=utf-8', from: 'uplot' },
} as const;

export type AssetName = keyof typeof DASHBOARD_ASSETS;

/** A file ready to serve. */
export interface Asset {
  body: string;
  type: string;
  /** A strong validator: the SHA-256 of the body. */
  etag: string;
}

export function isAssetName(name: string): name is AssetName {
  return Object.hasOwn(DASHBOARD_ASSETS, name);
}

/** This module's folder: `dist/` once built (ESM chunk or CJS bundle), `src/dashboard/` in source. */
async function moduleDir(): Promise<string> {
  if (typeof __dirname === 'string') return __dirname;
  const { fileURLToPath } = await import('node:url');
  return fileURLToPath(new URL('.', import.meta.url));
}

async function candidates(name: AssetName): Promise<string[]> {
  const { join } = await import('node:path');
  const dir = await moduleDir();
  const paths = [join(dir, 'dashboard', name)];
  if (DASHBOARD_ASSETS[name].from === 'assets') paths.push(join(dir, 'assets', name));
  else {
    const { createRequire } = await import('node:module');
    try {
      paths.push(createRequire(join(dir, 'index.js')).resolve(`uplot/dist/${name}`));
    } catch {
      // Not installed beside the source: only the built copy can serve it.
    }
  }
  return paths;
}

async function load(name: AssetName): Promise<Asset | undefined> {
  let readFile: (path: string, encoding: 'utf8') => Promise<string>;
  try {
    ({ readFile } = await import('node:fs/promises'));
  } catch {
    return undefined;
  }
  for (const path of await candidates(name)) {
    try {
      const body = await readFile(path, 'utf8');
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body));
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
      return { body, type: DASHBOARD_ASSETS[name].type, etag: `"${hex.slice(0, 32)}"` };
    } catch {
      // Try the next place.
    }
  }
  return undefined;
}

const loaded = new Map<AssetName, Promise<Asset | undefined>>();

/** A dashboard file, read once and kept in memory (they are small and never change). */
export function dashboardAsset(name: AssetName): Promise<Asset | undefined> {
  let asset = loaded.get(name);
  if (!asset) {
    asset = load(name);
    loaded.set(name, asset);
  }
  return asset;
}
