import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * The Stereos server's idle memory, one layer at a time. Every step runs in a fresh
 * `node --expose-gc` process that loads the built packages (`dist/`, no TypeScript loader),
 * optionally answers a few requests sent from this process, then forces two GCs and reports
 * RSS, heapUsed, external and V8's heap spaces. Steps are cumulative; probes load one third-party
 * package alone on top of the bare step, to tell what a package costs by itself.
 *
 *   npx tsx src/idle-memory.ts                    # every step and probe, median of 3 runs
 *   npx tsx src/idle-memory.ts --runs 5           # more runs per step
 *   npx tsx src/idle-memory.ts --snapshot 9       # + the heap's biggest constructors at step 9
 *   npx tsx src/idle-memory.ts --steps-only       # skip the probes
 *   npx tsx src/idle-memory.ts --env STEREOS_DASHBOARD=false   # loadConfig's env (repeatable)
 */

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkg = (path: string) => pathToFileURL(join(repo, 'packages', path)).href;

/** Cumulative steps: step n does everything steps 0…n do. */
const STEPS = [
  'node + node:http server',
  "+ import('@stereos/core')",
  "+ import('@stereos/server')",
  "+ import('@stereos/server/node')",
  '+ createApp(loadConfig) served by @hono/node-server',
  '+ openServerStores (embedded SQLite, temp dataDir)',
  '+ one chat JSON and one chat stream',
  '+ GET /doc',
  '+ GET /metrics',
  '+ GET /dashboard/login and its four assets',
] as const;

/** Packages loaded alone on top of step 0, resolved from the package that depends on them. */
const PROBES: { name: string; from: 'core' | 'server' }[] = [
  // A few KB of code: what importing any package costs (Node's ESM loader itself).
  { name: 'eventsource-parser', from: 'core' },
  { name: '@pydantic/genai-prices', from: 'core' },
  { name: 'zod', from: 'core' },
  { name: '@opentelemetry/api', from: 'core' },
  { name: 'hono', from: 'server' },
  { name: '@hono/zod-openapi', from: 'server' },
  { name: '@hono/node-server', from: 'server' },
  { name: 'prom-client', from: 'server' },
  { name: 'undici', from: 'server' },
];

/**
 * The child: plain JavaScript, so nothing of this bench (nor a loader) is in the measured
 * process. It gets its task from the environment, tells the parent when it listens, and
 * measures when the parent says so (after the parent's requests, if any).
 */
const CHILD = `
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
const task = JSON.parse(process.env.IDLE_MEMORY_TASK);
let url;
if (task.probe) {
  await import(import.meta.resolve(task.probe, task.from));
}
if (task.step < 4) {
  if (task.step >= 1) await import(task.paths.core);
  if (task.step >= 2) await import(task.paths.server);
  if (task.step >= 3) await import(task.paths.serverNode);
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = 'http://127.0.0.1:' + server.address().port;
} else {
  await import(task.paths.core);
  const { createApp, loadConfig } = await import(task.paths.server);
  const node = await import(task.paths.serverNode);
  const { serve } = await import(import.meta.resolve('@hono/node-server', task.paths.server));
  const stores = task.step >= 5
    ? await node.openServerStores({ dataDir: mkdtempSync(join(tmpdir(), 'stereos-idle-')) })
    : undefined;
  const config = loadConfig({ ...task.env, HOST: '127.0.0.1', OPENAI_BASE_URL: task.upstream });
  const app = createApp(config, {
    fetch: node.createUndiciFetch(),
    logLine: () => {},
    ...(stores ? { stores } : {}),
  });
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  url = 'http://127.0.0.1:' + server.address().port;
}
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
process.on('message', async (message) => {
  for (let i = 0; i < 2; i++) {
    globalThis.gc();
    await pause(50);
  }
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]),
  );
  const snapshot = message.snapshot ? v8.writeHeapSnapshot(message.snapshot) : undefined;
  process.send({ memory, spaces, snapshot });
});
process.send({ url });
`;

interface Task {
  step: number;
  probe?: string;
  from?: string;
}

interface Measure {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  code: number;
  old: number;
}

type Requester = (url: string) => Promise<void>;

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(flagValue(args, '--runs') ?? 3);
  const snapshotStep = flagValue(args, '--snapshot');
  const env = Object.fromEntries(
    args.flatMap((arg, i) => (args[i - 1] === '--env' ? [arg.split(/=(.*)/s).slice(0, 2)] : [])),
  );
  // Parent-only packages load here, never in a child.
  const { startFakeUpstream } = await import('@stereos/fake-upstream');
  const { request } = await import('undici');
  const upstream = await startFakeUpstream({ port: 0, maxRecordedRequests: 10 });
  const dir = join(repo, 'bench', 'dist');
  mkdirSync(dir, { recursive: true });
  const childFile = join(dir, 'idle-memory-child.mjs');
  writeFileSync(childFile, CHILD);
  const paths = {
    core: pkg('core/dist/index.js'),
    server: pkg('server/dist/index.js'),
    serverNode: pkg('server/dist/node.js'),
  };
  const send = async (url: string, path: string, init: { body?: string } = {}) => {
    const answer = await request(`${url}${path}`, {
      method: init.body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-idle' },
      ...(init.body ? { body: init.body } : {}),
    });
    const text = await answer.body.text();
    if (answer.statusCode >= 400) throw new Error(`${path}: ${answer.statusCode} ${text}`);
  };
  const chat = (stream: boolean) =>
    JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Say hello.' }],
      ...(stream ? { stream: true } : {}),
    });
  const requestsUpTo = (step: number): Requester => {
    return async (url) => {
      if (step >= 6) {
        await send(url, '/v1/chat/completions', { body: chat(false) });
        await send(url, '/v1/chat/completions', { body: chat(true) });
      }
      if (step >= 7) await send(url, '/doc');
      if (step >= 8) await send(url, '/metrics');
      if (step >= 9 && env['STEREOS_DASHBOARD'] !== 'false') {
        await send(url, '/dashboard/login');
        for (const name of ['dashboard.css', 'dashboard.js', 'uPlot.iife.min.js', 'uPlot.min.css'])
          await send(url, `/dashboard/assets/${name}`);
      }
    };
  };
  const run = (task: Task, snapshot?: string) =>
    measure(
      childFile,
      { ...task, paths, env, upstream: upstream.url },
      requestsUpTo(task.step),
      snapshot,
    );

  try {
    console.log(`Node ${process.version}; median of ${runs} fresh processes per row (MB)\n`);
    const header =
      'step                                                  rss   heap  external  code   +rss';
    console.log(header);
    let previous: number | undefined;
    for (const [step, name] of STEPS.entries()) {
      const m = await median(runs, () => run({ step }));
      console.log(row(name, m, previous));
      previous = m.rss;
    }
    if (!args.includes('--steps-only')) {
      const base = await median(runs, () => run({ step: 0 }));
      console.log('\nalone on top of step 0');
      for (const probe of PROBES) {
        const from = pathToFileURL(join(repo, 'packages', probe.from, 'package.json')).href;
        const m = await median(runs, () => run({ step: 0, probe: probe.name, from }));
        console.log(row(`+ import('${probe.name}')`, m, base.rss));
      }
    }
    if (snapshotStep !== undefined) {
      const file = join(mkdtempSync(join(tmpdir(), 'idle-heap-')), 'idle.heapsnapshot');
      await run({ step: Number(snapshotStep) }, file);
      console.log(`\nheap at step ${snapshotStep} (${file}), biggest by self size:`);
      for (const line of summarizeSnapshot(file)) console.log(line);
      rmSync(file, { force: true });
    }
  } finally {
    await upstream.close();
  }
}

function row(name: string, m: Measure, previous: number | undefined): string {
  const f = (n: number, w = 6) => (n / MB).toFixed(1).padStart(w);
  const delta = previous === undefined ? '' : f(m.rss - previous, 7);
  return `${name.padEnd(50)} ${f(m.rss)} ${f(m.heapUsed)} ${f(m.external, 9)} ${f(m.code, 5)}${delta}`;
}

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs `once` n times and takes the median of each number on its own. */
async function median(n: number, once: () => Promise<Measure>): Promise<Measure> {
  const all: Measure[] = [];
  for (let i = 0; i < n; i++) all.push(await once());
  const mid = (key: keyof Measure) => {
    const sorted = all.map((m) => m[key]).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  return {
    rss: mid('rss'),
    heapUsed: mid('heapUsed'),
    external: mid('external'),
    arrayBuffers: mid('arrayBuffers'),
    code: mid('code'),
    old: mid('old'),
  };
}

const CHILD_TIMEOUT_MS = 30_000;

/** One fresh child: start, requests, measure, stop. */
function measure(
  childFile: string,
  task: object,
  requests: Requester,
  snapshot?: string,
): Promise<Measure> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--experimental-import-meta-resolve', childFile],
    {
      env: { ...process.env, IDLE_MEMORY_TASK: JSON.stringify(task) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  return new Promise<Measure>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error('the child did not answer in time'));
    }, CHILD_TIMEOUT_MS);
    child.once('exit', (code) => reject(new Error(`the child exited (${code})`)));
    child.on('message', (message: ChildMessage) => {
      if (message.url) {
        requests(message.url).then(
          () => child.send({ snapshot }),
          (error: unknown) => {
            stop(child);
            reject(error);
          },
        );
        return;
      }
      if (!message.memory || !message.spaces) return;
      clearTimeout(timer);
      const { memory, spaces } = message;
      stop(child);
      resolve({
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        external: memory.external,
        arrayBuffers: memory.arrayBuffers,
        code: spaces['code_space'] ?? 0,
        old: spaces['old_space'] ?? 0,
      });
    });
  });
}

interface ChildMessage {
  url?: string;
  memory?: NodeJS.MemoryUsage;
  spaces?: Record<string, number>;
}

function stop(child: ChildProcess): void {
  child.removeAllListeners('exit');
  child.kill('SIGKILL');
}

/**
 * The heap snapshot's biggest groups by self size: (node type, constructor or string/code
 * name), top 30, plus totals per node type. Strings and code are grouped by type only (their
 * "name" is their content).
 */
function summarizeSnapshot(file: string): string[] {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, { size: number; count: number }>();
  const byType = new Map<string, number>();
  const strings: { size: number; text: string }[] = [];
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] as number] as string;
    const size = snap.nodes[i + sizeAt] as number;
    const grouped = type === 'object' || type === 'closure' || type === 'native';
    const key = grouped ? `${type} ${snap.strings[snap.nodes[i + nameAt] as number]}` : type;
    const g = groups.get(key) ?? { size: 0, count: 0 };
    g.size += size;
    g.count += 1;
    groups.set(key, g);
    byType.set(type, (byType.get(type) ?? 0) + size);
    if (type === 'string' && size > 64 * 1024) {
      strings.push({ size, text: snap.strings[snap.nodes[i + nameAt] as number] ?? '' });
    }
  }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`.padStart(10);
  const top = [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, 30);
  const totals = [...byType].sort((a, b) => b[1] - a[1]);
  return [
    ...top.map(([key, g]) => `${kb(g.size)}  ${String(g.count).padStart(7)}  ${key.slice(0, 80)}`),
    '',
    'by node type:',
    ...totals.map(([type, size]) => `${kb(size)}  ${type}`),
    '',
    'strings over 64 KB (script sources, mostly):',
    ...strings
      .sort((a, b) => b.size - a.size)
      .map((s) => `${kb(s.size)}  ${JSON.stringify(s.text.slice(0, 70))}`),
  ];
}

await main();
