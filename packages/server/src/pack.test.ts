import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a user of the published packages gets: the `pnpm pack` tarballs of core, ai and server,
 * installed with npm into an empty folder (third-party dependencies come from the npm
 * registry), then run from there. Catches what workspace links hide: files left out of
 * `files`, wrong `exports`/`bin`, unrewritten `workspace:*` ranges, a missing shebang.
 */

const run = promisify(execFile);
const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const PACKED = ['core', 'ai', 'server'] as const;
const TIMEOUT_MS = 180_000;
// Packaging does not depend on the Node line: CI checks it once, on its primary Node.
const SKIP = process.env['STEREOS_SKIP_PACK_TEST'] === '1';

let dir: string;
let app: string;

async function packageJson(path: string): Promise<Record<string, any>> {
  return JSON.parse(await readFile(path, 'utf8'));
}

beforeAll(async () => {
  if (SKIP) return;
  for (const name of PACKED) {
    if (!existsSync(join(PACKAGES, name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name} is not built; run the build first`);
    }
  }
  dir = await mkdtemp(join(tmpdir(), 'stereos-pack-'));
  const tarballs: Record<string, string> = {};
  for (const name of PACKED) {
    const { stdout } = await run('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', dir], {
      cwd: join(PACKAGES, name),
    });
    const tarball = stdout.trim().split('\n').at(-1)?.trim() ?? '';
    expect(tarball).toMatch(/\.tgz$/);
    tarballs[name] = tarball;
  }
  app = join(dir, 'app');
  await mkdir(app);
  // `$@stereos/core`: ai's and server's `@stereos/core` range resolves to the tarball too,
  // never to a registry package of that name.
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'stereos-pack-test',
      private: true,
      type: 'module',
      dependencies: Object.fromEntries(PACKED.map((n) => [`@stereos/${n}`, `file:${tarballs[n]}`])),
      overrides: { '@stereos/core': '$@stereos/core' },
    }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    timeout: TIMEOUT_MS,
  });
}, TIMEOUT_MS);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(SKIP)('packed @stereos/core, @stereos/ai and @stereos/server', () => {
  it('install with workspace ranges rewritten and dist shipped, not src', async () => {
    for (const name of PACKED) {
      const installed = join(app, 'node_modules', '@stereos', name);
      const manifest = await packageJson(join(installed, 'package.json'));
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      const files = await readdir(installed);
      expect(files).toContain('dist');
      expect(files).not.toContain('src');
    }
  });

  it('run `stereos-server --version` from node_modules/.bin', async () => {
    const { version } = await packageJson(join(PACKAGES, 'server', 'package.json'));
    const { stdout } = await run(
      join(app, 'node_modules', '.bin', 'stereos-server'),
      ['--version'],
      {
        cwd: app,
      },
    );
    expect(stdout).toBe(`${version}\n`);
  });

  it('import from an ESM script: the provider builds a model, the app answers /healthz', async () => {
    await writeFile(
      join(app, 'smoke.mjs'),
      `import { createStereos } from '@stereos/ai';
import { createApp, loadConfig } from '@stereos/server';
import { createUndiciFetch } from '@stereos/server/node';
const app = createApp(loadConfig({ LOG_EVENTS: 'false' }), { fetch: createUndiciFetch() });
const health = await app.request('/healthz');
const model = createStereos({ baseURL: 'http://127.0.0.1:9/v1', apiKey: 'k' })('gpt-4.1-mini');
console.log(JSON.stringify({ status: health.status, body: await health.json(), model: model.modelId, spec: model.specificationVersion }));
`,
    );
    const { stdout } = await run(process.execPath, ['smoke.mjs'], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({
      status: 200,
      body: { status: 'ok' },
      model: 'gpt-4.1-mini',
      spec: 'v2',
    });
  });

  it('require from CommonJS', async () => {
    await writeFile(
      join(app, 'smoke.cjs'),
      `const { createStereos } = require('@stereos/ai');
const { createApp, loadConfig } = require('@stereos/server');
console.log([typeof createStereos, typeof createApp, typeof loadConfig].join(','));
`,
    );
    const { stdout } = await run(process.execPath, ['smoke.cjs'], { cwd: app });
    expect(stdout.trim()).toBe('function,function,function');
  });
});
