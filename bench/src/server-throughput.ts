import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { type ChildService, startFakeUpstreamProcess, startTsChild } from './child-service';
import { CHAT_HEADERS, CHAT_PATH, chatBody, PACED_PROMPT } from './requests';
import { fmt, printTable, type Summary, summarize } from './stats';

/**
 * The Stereos server against a bare pass-through proxy and against the fake upstream itself,
 * all on 127.0.0.1. Each server runs in its own process; the load (autocannon for throughput,
 * a small undici loop for latency) comes from this one.
 */

export type Target = 'upstream' | 'bare proxy' | 'stereos';
export type Mode = 'json' | 'stream';

export interface ThroughputOptions {
  connections?: number;
  /** Measured seconds of autocannon per target and mode. */
  durationSec?: number;
  /** Unmeasured seconds first (JIT, connection pools). */
  warmupSec?: number;
  /** Timed requests per target for the latency rows at full concurrency. */
  latencyRequests?: number;
}

export interface LoadResult {
  target: Target;
  mode: Mode;
  requestsPerSec: number;
  /** Non-2xx answers, connection errors and timeouts; anything but 0 spoils the row. */
  failures: number;
}

export interface LatencyResult {
  target: Target;
  mode: Mode;
  concurrency: number;
  /** Time to the first body byte. */
  firstByte: Summary;
  /** Time until the body holds the first answer text (`"content":"…"`, not the empty role chunk). */
  firstToken: Summary;
  /** Time to the end of the body. */
  end: Summary;
}

export interface ThroughputResult {
  connections: number;
  load: LoadResult[];
  latency: LatencyResult[];
}

async function load(url: string, mode: Mode, connections: number, durationSec: number) {
  const result = await autocannon({
    url: url + CHAT_PATH,
    method: 'POST',
    headers: CHAT_HEADERS,
    body: chatBody({ stream: mode === 'stream' }),
    connections,
    duration: durationSec,
  });
  return {
    requestsPerSec: result.requests.average,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

// Answer text in a JSON body or an SSE chunk; the role chunk's `"content":""` does not count.
const CONTENT = /"content":"[^"]/;

/**
 * `requests` requests from `concurrency` loops, each timed to its first body byte, its first
 * answer text and its end. Streams use the paced prompt (ten chunks 2 ms apart), so these differ.
 * autocannon reports latency in whole milliseconds, too coarse for the differences measured here.
 */
async function timeRequests(url: string, mode: Mode, requests: number, concurrency: number) {
  const pool = new Pool(url, { connections: concurrency });
  const body =
    mode === 'stream'
      ? chatBody({ stream: true, prompt: PACED_PROMPT })
      : chatBody({ stream: false });
  const firstByte: number[] = [];
  const firstToken: number[] = [];
  const end: number[] = [];
  let started = 0;
  const loop = async () => {
    while (started++ < requests) {
      const t0 = performance.now();
      const answer = await pool.request({
        method: 'POST',
        path: CHAT_PATH,
        headers: CHAT_HEADERS,
        body,
      });
      let first: number | undefined;
      let token: number | undefined;
      let text = '';
      for await (const chunk of answer.body) {
        const now = performance.now() - t0;
        first ??= now;
        if (token !== undefined) continue;
        text += chunk.toString();
        if (CONTENT.test(text)) token = now;
      }
      if (answer.statusCode !== 200 || first === undefined || token === undefined) {
        throw new Error(`${url}: status ${answer.statusCode}, body ${text.slice(0, 200)}`);
      }
      firstByte.push(first);
      firstToken.push(token);
      end.push(performance.now() - t0);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, loop));
  } finally {
    await pool.close();
  }
  return {
    firstByte: summarize(firstByte),
    firstToken: summarize(firstToken),
    end: summarize(end),
  };
}

export async function measureServerThroughput(
  options: ThroughputOptions = {},
): Promise<ThroughputResult> {
  const { connections = 32, durationSec = 5, warmupSec = 1, latencyRequests = 500 } = options;
  const children: ChildService[] = [];
  const start = async (child: Promise<ChildService>) => {
    children.push(await child);
    return children[children.length - 1]!.url;
  };
  try {
    const upstream = await start(startFakeUpstreamProcess());
    const env = { UPSTREAM_URL: upstream };
    const targets: [Target, string][] = [
      ['upstream', upstream],
      ['bare proxy', await start(startTsChild('bare proxy', './bare-proxy.ts', env))],
      ['stereos', await start(startTsChild('stereos server', './stereos-server.ts', env))],
    ];

    const result: ThroughputResult = { connections, load: [], latency: [] };
    for (const mode of ['json', 'stream'] as const) {
      for (const [target, url] of targets) {
        await load(url, mode, connections, warmupSec);
        result.load.push({ target, mode, ...(await load(url, mode, connections, durationSec)) });
      }
    }
    // One request at a time shows what a request pays; full concurrency adds the queueing.
    const latencyRuns = [
      { concurrency: 1, requests: Math.ceil(latencyRequests / 5) },
      { concurrency: connections, requests: latencyRequests },
    ];
    for (const mode of ['json', 'stream'] as const) {
      for (const { concurrency, requests } of latencyRuns) {
        for (const [target, url] of targets) {
          await timeRequests(url, mode, concurrency * 4, concurrency); // warm-up
          const timed = await timeRequests(url, mode, requests, concurrency);
          result.latency.push({ target, mode, concurrency, ...timed });
        }
      }
    }
    return result;
  } finally {
    await Promise.all(children.map((child) => child.close()));
  }
}

export function printServerThroughput(result: ThroughputResult): void {
  const bareLoad = (mode: Mode) =>
    result.load.find((r) => r.mode === mode && r.target === 'bare proxy');
  console.log(`Throughput (autocannon, ${result.connections} connections):\n`);
  printTable([
    ['load', 'req/s', 'vs bare proxy', 'failed'],
    ...result.load.map((r) => {
      const bare = bareLoad(r.mode);
      return [
        `${r.mode} ${r.target}`,
        fmt(r.requestsPerSec, 0),
        bare && r.target !== 'bare proxy'
          ? `${fmt(r.requestsPerSec / bare.requestsPerSec, 2)}x`
          : '',
        String(r.failures),
      ];
    }),
  ]);

  const bareLatency = (r: LatencyResult) =>
    result.latency.find(
      (b) => b.target === 'bare proxy' && b.mode === r.mode && b.concurrency === r.concurrency,
    );
  const added = (r: LatencyResult, pick: (s: LatencyResult) => number) => {
    const bare = bareLatency(r);
    return bare && r.target !== 'bare proxy' ? fmt(pick(r) - pick(bare), 2) : '';
  };
  console.log(
    '\nLatency in ms (streams: ten chunks 2 ms apart; +token = first token later than via the bare proxy):\n',
  );
  printTable([
    [
      'latency',
      'conc',
      'byte p50',
      'p99',
      'token p50',
      'p99',
      'end p50',
      'p99',
      '+token p50',
      'p99',
    ],
    ...result.latency.map((r) => [
      `${r.mode} ${r.target}`,
      String(r.concurrency),
      fmt(r.firstByte.p50, 2),
      fmt(r.firstByte.p99, 2),
      fmt(r.firstToken.p50, 2),
      fmt(r.firstToken.p99, 2),
      fmt(r.end.p50, 2),
      fmt(r.end.p99, 2),
      added(r, (s) => s.firstToken.p50),
      added(r, (s) => s.firstToken.p99),
    ]),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printServerThroughput(await measureServerThroughput());
}
