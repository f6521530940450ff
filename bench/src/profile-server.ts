import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type ChildService, startFakeUpstreamProcess, startTsChild } from './child-service';
import { CHAT_HEADERS, CHAT_PATH, chatBody, PACED_PROMPT } from './requests';
import { fmt, printTable } from './stats';

/**
 * `pnpm --filter @stereos/bench bench:profile [json|stream|paced] [memory|sqlite|bare]`: the Stereos
 * server under autocannon load with `--cpu-prof`, then the profile summed up: self time by
 * function (the top of a flame graph, read bottom-up) and by where the code lives (Stereos,
 * Hono, undici, Node internals). The `.cpuprofile` stays in the printed directory for a viewer.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// `paced`: streams of ten chunks 2 ms apart (one upstream read per chunk), else instant answers.
const mode = process.argv[2] === 'json' ? 'json' : process.argv[2] === 'paced' ? 'paced' : 'stream';
// `memory` or `sqlite`: the governed set-up (stored virtual key, budgets, ledger); `bare`: the
// bare proxy instead of Stereos, for the same summary of the baseline.
const variant = process.argv[3];
const governed = variant === 'bare' ? undefined : variant;
const dir = mkdtempSync(join(tmpdir(), 'stereos-prof-'));
const children: ChildService[] = [];
try {
  const upstream = await startFakeUpstreamProcess();
  children.push(upstream);
  const server = await startTsChild(
    'server',
    variant === 'bare' ? './bare-proxy.ts' : './stereos-server.ts',
    { UPSTREAM_URL: upstream.url, ...(governed ? { STEREOS_BENCH_GOVERNED: governed } : {}) },
    { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] },
  );
  children.push(server);
  const key = server.info['key'];
  const result = await autocannon({
    url: server.url + CHAT_PATH,
    method: 'POST',
    headers: key ? { ...CHAT_HEADERS, authorization: `Bearer ${key}` } : CHAT_HEADERS,
    body: chatBody({
      stream: mode !== 'json',
      ...(mode === 'paced' ? { prompt: PACED_PROMPT } : {}),
    }),
    connections: 32,
    duration: 8,
  });
  console.log(`${mode}: ${fmt(result.requests.average, 0)} req/s, ${result.non2xx} non-2xx`);
  await server.close();
} finally {
  await Promise.all(children.map((child) => child.close()));
}

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile);
console.log(`\nprofile: ${join(dir, file)}`);

function summarize(profile: CpuProfile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url.replace(/^.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '');
    const name = `${functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byArea.set(areaOf(url, functionName), (byArea.get(areaOf(url, functionName)) ?? 0) + micros);
  }
  const share = (micros: number) => `${fmt((100 * micros) / total, 1)} %`;
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log('\nself time by area\n');
  printTable([['area', 'self'], ...top(byArea, 20).map(([name, us]) => [name, share(us)])]);
  console.log('\nself time by function (top 30)\n');
  printTable([['function', 'self'], ...top(byFunction, 30).map(([name, us]) => [name, share(us)])]);
}

function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  // Node's own code by module family: web streams, streams, http, …
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/').replace(/\.js$/, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url)?.[1];
  if (pkg) return pkg;
  const stereos = /packages\/([^/]+)\//.exec(url)?.[1];
  return stereos ? `@stereos/${stereos}` : url;
}
