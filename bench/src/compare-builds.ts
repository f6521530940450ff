import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { type ChildService, startFakeUpstreamProcess, startTsChild } from './child-service';
import { cpuMs } from './proc-stats';
import { CHAT_HEADERS, CHAT_PATH, chatBody, PACED_PROMPT } from './requests';
import { fmt, printTable } from './stats';

/**
 * `pnpm --filter @stereos/bench bench:compare <git-ref> [rounds] [rate|saturate]`: the Stereos
 * server of another commit against the working tree's, by the CPU time each spends per answer
 * at a fixed, unsaturated rate, next to the bare proxy. On a machine shared with other work,
 * throughput moves 2× between runs; CPU per answer, taken in interleaved rounds seconds apart,
 * is what still tells a change from noise. `saturate`: under autocannon load (32 connections)
 * instead, CPU per answered request: at a fixed rate the target idles most of the time and the
 * 10 ms tick of `/proc` blurs differences of 10 %, which saturation shows.
 *
 * The ref is checked out as a git worktree in the temp folder, installed from the store
 * (`--offline`) and built, once; its bench compiles its own `stereos-server.ts` against its own
 * packages, so each side runs exactly its commit's code.
 */

const MODES = {
  json: chatBody({ stream: false }),
  stream: chatBody({ stream: true }),
  paced: chatBody({ stream: true, prompt: PACED_PROMPT }),
} as const;
type ModeName = keyof typeof MODES;

interface Side {
  name: string;
  service: ChildService;
}

const REPO = resolve(import.meta.dirname, '../..');
const PNPM = ['-y', 'pnpm@10.34.9'];

/** The ref's checkout, installed and built (reused when it is already there). */
function checkoutOf(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: REPO }).toString().trim();
  const dir = join(tmpdir(), `stereos-bench-${sha}`);
  if (!existsSync(join(dir, 'packages/server/dist'))) {
    execFileSync('git', ['worktree', 'add', '-f', dir, sha], { cwd: REPO, stdio: 'inherit' });
    const run = (args: string[]) =>
      execFileSync('npx', [...PNPM, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    run(['install', '--frozen-lockfile', '--offline']);
    run(['--filter', '@stereos/server...', 'build']);
  }
  return dir;
}

/** `rate` requests a second for `seconds`, open loop; the target's CPU ms per answer. */
async function cpuPerAnswer(side: Side, body: string, rate: number, seconds: number) {
  const pool = new Pool(side.service.url, { connections: 128 });
  const total = rate * seconds;
  const interval = 1000 / rate;
  const answers: Promise<boolean>[] = [];
  const before = cpuMs(side.service.pid);
  const start = performance.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
    for (; sent < due; sent++) {
      answers.push(
        pool
          .request({ method: 'POST', path: CHAT_PATH, headers: CHAT_HEADERS, body })
          .then(async (answer) => {
            await answer.body.text();
            return answer.statusCode === 200;
          })
          .catch(() => false),
      );
    }
    const next = start + sent * interval - performance.now();
    if (next > 0) await new Promise((resolve) => setTimeout(resolve, next));
  }
  const ok = (await Promise.all(answers)).filter(Boolean).length;
  const cpu = (cpuMs(side.service.pid) - before) / total;
  await pool.close();
  return { cpu, failed: total - ok };
}

/** Saturated for `seconds` (32 connections, after a second's warm-up): CPU ms per answer. */
async function cpuPerAnswerSaturated(side: Side, body: string, seconds: number) {
  const options = {
    url: side.service.url + CHAT_PATH,
    method: 'POST' as const,
    headers: CHAT_HEADERS,
    body,
    connections: 32,
  };
  await autocannon({ ...options, duration: 1 });
  const before = cpuMs(side.service.pid);
  const result = await autocannon({ ...options, duration: seconds });
  const answered = result.requests.total - result.non2xx - result.errors;
  return {
    cpu: (cpuMs(side.service.pid) - before) / answered,
    failed: result.non2xx + result.errors,
  };
}

export async function compareBuilds(
  ref: string,
  rounds = 4,
  rate: number | 'saturate' = 300,
  seconds = 3,
) {
  const measure = (side: Side, body: string, time: number) =>
    rate === 'saturate'
      ? cpuPerAnswerSaturated(side, body, time)
      : cpuPerAnswer(side, body, rate, time);
  const checkout = checkoutOf(ref);
  const upstream = await startFakeUpstreamProcess();
  const env = { UPSTREAM_URL: upstream.url };
  const theirs = (await import(
    pathToFileURL(join(checkout, 'bench/src/child-service.ts')).href
  )) as {
    startTsChild: typeof startTsChild;
  };
  const sides: Side[] = [
    { name: 'bare proxy', service: await startTsChild('bare', './bare-proxy.ts', env) },
    { name: ref, service: await theirs.startTsChild('stereos', './stereos-server.ts', env) },
    { name: 'working tree', service: await startTsChild('stereos', './stereos-server.ts', env) },
  ];
  const cpu = new Map<string, number[]>();
  try {
    // Warm-up: JIT and connection pools, not measured.
    for (const side of sides) for (const body of Object.values(MODES)) await measure(side, body, 1);
    for (let round = 0; round < rounds; round++) {
      for (const [mode, body] of Object.entries(MODES)) {
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) {
          const result = await measure(side, body, seconds);
          if (result.failed > 0) throw new Error(`${side.name} ${mode}: ${result.failed} failed`);
          const key = `${mode}\t${side.name}`;
          cpu.set(key, [...(cpu.get(key) ?? []), result.cpu]);
        }
      }
    }
  } finally {
    await Promise.all(sides.map((side) => side.service.close()));
    await upstream.close();
  }
  return { cpu, modes: Object.keys(MODES) as ModeName[], sides: sides.map((s) => s.name), ref };
}

function report({ cpu, modes, sides, ref }: Awaited<ReturnType<typeof compareBuilds>>) {
  console.log(
    `\nCPU ms per answer (one value per round; ratio: working tree / ${ref}, per round)\n`,
  );
  const rows: string[][] = [['mode', ...sides, 'ratio by round']];
  for (const mode of modes) {
    const of = (side: string) => cpu.get(`${mode}\t${side}`) ?? [];
    const ratios = of('working tree').map((v, i) => v / (of(ref)[i] ?? Number.NaN));
    rows.push([
      mode,
      ...sides.map((side) =>
        of(side)
          .map((v) => fmt(v, 3))
          .join(' '),
      ),
      ratios.map((r) => fmt(r, 2)).join(' '),
    ]);
  }
  printTable(rows);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [ref, rounds, rate] = process.argv.slice(2);
  if (!ref) {
    console.error('usage: compare-builds.ts <git-ref> [rounds=4] [rate=300|saturate]');
    process.exit(2);
  }
  const load = rate === 'saturate' ? 'saturate' : Number(rate ?? 300);
  report(await compareBuilds(ref, Number(rounds ?? 4), load));
}
