import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { atFixedRate, type FixedRateResult, type Mode } from './fixed-rate';
import { type ManyStreamsResult, manyStreams } from './many-streams';
import { CHAT_PATH, chatBody } from './requests';
import { fmt, printTable } from './stats';
import { startTargets, type Target, type TargetName } from './targets';
import { timedRequest } from './timed-request';

/**
 * The Stereos server against a bare pass-through proxy, Portkey's gateway and the fake upstream
 * itself, all on 127.0.0.1, each in its own process; the load comes from this one. Every
 * measurement visits the targets in turn, several rounds in rotating order, so a ratio compares
 * numbers taken a few seconds apart on the same machine (which other work shares).
 */

export type { Mode } from './fixed-rate';

export interface ThroughputOptions {
  /** Rounds of every measurement; ratios are reported per round. */
  rounds?: number;
  connections?: number;
  /** Measured seconds of autocannon per target, mode and round. */
  durationSec?: number;
  /** Unmeasured seconds first (JIT, connection pools), in the first round. */
  warmupSec?: number;
  /** The fixed request rate of the latency rows, and for how long. */
  rate?: number;
  rateSeconds?: number;
  /** Concurrent long streams for the memory rows; 0 skips them. */
  streams?: number;
  /** Targets to measure (the upstream is always started). */
  targets?: TargetName[];
}

export interface LoadResult {
  round: number;
  target: TargetName;
  mode: Mode;
  requestsPerSec: number;
  /** Non-2xx answers, connection errors and timeouts; anything but 0 spoils the row. */
  failures: number;
}

export interface LatencyResult extends FixedRateResult {
  round: number;
  target: TargetName;
  mode: Mode;
}

export interface MemoryResult extends ManyStreamsResult {
  target: TargetName;
}

export interface ThroughputResult {
  connections: number;
  rate: number;
  load: LoadResult[];
  latency: LatencyResult[];
  memory: MemoryResult[];
  /** Targets or modes not measured, with why (Portkey's stream failing, …). */
  notes: string[];
}

async function load(target: Target, mode: Mode, connections: number, durationSec: number) {
  const result = await autocannon({
    url: target.url + CHAT_PATH,
    method: 'POST',
    headers: target.headers,
    body: chatBody({ stream: mode === 'stream' }),
    connections,
    duration: durationSec,
  });
  return {
    requestsPerSec: result.requests.average,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Whether `target` answers `mode` at all (Portkey 1.15.2's streams fail on Node 20). */
async function probe(target: Target, mode: Mode): Promise<string | undefined> {
  const pool = new Pool(target.url);
  try {
    const answer = await timedRequest(
      pool,
      target.headers,
      chatBody({ stream: mode === 'stream' }),
    );
    const whole = answer.status === 200 && answer.contentParts > 0;
    if (whole && (mode === 'json' || answer.done)) return undefined;
    return `status ${answer.status}, body ${JSON.stringify(answer.head.slice(0, 160))}`;
  } catch (error) {
    return String(error);
  } finally {
    await pool.close();
  }
}

/** Round `r`'s order: rotated, so no target always runs first or last. */
const rotate = <T>(items: readonly T[], r: number) =>
  items.map((_, i) => items[(i + r) % items.length]!);

export async function measureServerThroughput(
  options: ThroughputOptions = {},
): Promise<ThroughputResult> {
  const {
    rounds = 3,
    connections = 32,
    durationSec = 3,
    warmupSec = 1,
    rate = 1000,
    rateSeconds = 3,
    streams = 1000,
    targets: names,
  } = options;
  const targets = await startTargets(names);
  const result: ThroughputResult = {
    connections,
    rate,
    load: [],
    latency: [],
    memory: [],
    notes: targets.skipped.map((s) => `${s.name} not measured: ${s.reason}`),
  };
  try {
    const serves = new Map<string, boolean>();
    for (const target of targets.list) {
      for (const mode of ['json', 'stream'] as const) {
        const failure = await probe(target, mode);
        serves.set(`${target.name} ${mode}`, failure === undefined);
        if (failure) result.notes.push(`${target.name} ${mode} fails, not measured: ${failure}`);
      }
    }
    const servingTargets = (mode: Mode) =>
      targets.list.filter((t) => serves.get(`${t.name} ${mode}`));

    for (let round = 0; round < rounds; round++) {
      for (const mode of ['json', 'stream'] as const) {
        for (const target of rotate(servingTargets(mode), round)) {
          if (round === 0) await load(target, mode, connections, warmupSec);
          const measured = await load(target, mode, connections, durationSec);
          result.load.push({ round, target: target.name, mode, ...measured });
        }
      }
    }
    // Latency where every target keeps up: the upstream itself is not a proxy, skip it.
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['json', 'stream'] as const) {
        const proxies = servingTargets(mode).filter((t) => t.name !== 'upstream');
        for (const target of rotate(proxies, round)) {
          if (round === 0) await atFixedRate(target, mode, { rate, seconds: warmupSec });
          const timed = await atFixedRate(target, mode, { rate, seconds: rateSeconds });
          result.latency.push({ round, target: target.name, mode, ...timed });
        }
      }
    }
    const streamed = servingTargets('stream').map((t) => t.name);
    await targets.close();
    // On fresh processes: after the load above each heap has grown to its peak, and the RSS
    // seen would be that load's, not the streams'.
    if (streams > 0) {
      const fresh = await startTargets(streamed);
      try {
        for (const target of fresh.list.filter((t) => t.name !== 'upstream')) {
          result.memory.push({ target: target.name, ...(await manyStreams(target, streams)) });
        }
      } finally {
        await fresh.close();
      }
    }
    return result;
  } finally {
    await targets.close();
  }
}

/** min–max of the values, or the one value. */
function range(values: number[], digits: number, suffix = ''): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 'n/a';
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi
    ? `${fmt(lo, digits)}${suffix}`
    : `${fmt(lo, digits)}–${fmt(hi, digits)}${suffix}`;
}

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printServerThroughput(result: ThroughputResult): void {
  const rounds = Math.max(0, ...result.load.map((r) => r.round)) + 1;
  const loadOf = (round: number, mode: Mode, target: TargetName) =>
    result.load.find((r) => r.round === round && r.mode === mode && r.target === target);
  const names = [...new Set(result.load.map((r) => r.target))];

  console.log(
    `Throughput (autocannon, ${result.connections} connections, ${rounds} rounds; ratio to the bare proxy of the same round):\n`,
  );
  const loadRows: string[][] = [];
  for (const mode of ['json', 'stream'] as const) {
    for (const target of names) {
      const rows = result.load.filter((r) => r.mode === mode && r.target === target);
      if (rows.length === 0) continue;
      const ratios = rows.map(
        (r) =>
          r.requestsPerSec / (loadOf(r.round, mode, 'bare proxy')?.requestsPerSec ?? Number.NaN),
      );
      const vsPortkey = rows.map(
        (r) => r.requestsPerSec / (loadOf(r.round, mode, 'portkey')?.requestsPerSec ?? Number.NaN),
      );
      loadRows.push([
        `${mode} ${target}`,
        fmt(median(rows.map((r) => r.requestsPerSec)), 0),
        range(
          rows.map((r) => r.requestsPerSec),
          0,
        ),
        target === 'bare proxy' ? '' : `${fmt(median(ratios), 2)}x`,
        target === 'bare proxy' ? '' : range(ratios, 2, 'x'),
        target.startsWith('stereos') ? range(vsPortkey, 1, 'x') : '',
        String(rows.reduce((sum, r) => sum + r.failures, 0)),
      ]);
    }
  }
  printTable([
    ['load', 'req/s med', 'range', 'vs bare', 'range', 'vs portkey', 'failed'],
    ...loadRows,
  ]);

  console.log(
    `\nLatency at a fixed ${result.rate} req/s (open loop), ms; "+" is over the bare proxy of the same round. Streams: first token (ten chunks 2 ms apart follow). cpu: the target's CPU time per answer:\n`,
  );
  const latencyOf = (round: number, mode: Mode, target: TargetName) =>
    result.latency.find((r) => r.round === round && r.mode === mode && r.target === target);
  const latencyRows: string[][] = [];
  for (const mode of ['json', 'stream'] as const) {
    for (const target of [...new Set(result.latency.map((r) => r.target))]) {
      const rows = result.latency.filter((r) => r.mode === mode && r.target === target);
      if (rows.length === 0) continue;
      const added = (pick: (r: LatencyResult) => number) =>
        rows.map((r) => {
          const bare = latencyOf(r.round, mode, 'bare proxy');
          return bare ? pick(r) - pick(bare) : Number.NaN;
        });
      const isBare = target === 'bare proxy';
      latencyRows.push([
        `${mode} ${target}`,
        range(
          rows.map((r) => r.latency.p50),
          2,
        ),
        range(
          rows.map((r) => r.latency.p99),
          2,
        ),
        isBare
          ? ''
          : range(
              added((r) => r.latency.p50),
              2,
            ),
        isBare
          ? ''
          : range(
              added((r) => r.latency.p99),
              2,
            ),
        range(
          rows.map((r) => r.cpuPerRequestMs),
          3,
        ),
        String(rows.reduce((sum, r) => sum + r.failures, 0)),
      ]);
    }
  }
  printTable([['latency', 'p50', 'p99', '+p50', '+p99', 'cpu/req', 'failed'], ...latencyRows]);

  if (result.memory.length > 0) {
    const first = result.memory[0]!;
    console.log(
      `\n${first.streams} concurrent streams (twenty chunks 50 ms apart, one connection each) through freshly started targets: RSS of the target process, MB\n`,
    );
    printTable([
      ['memory', 'complete', 'lost chunks', 'rss before', 'rss peak', 'stream p50 ms', 'p99'],
      ...result.memory.map((m) => [
        m.target,
        `${m.complete}/${m.streams}`,
        String(m.lostChunks),
        fmt(m.rssBeforeMb, 0),
        fmt(m.rssPeakMb, 0),
        fmt(m.duration.p50, 0),
        fmt(m.duration.p99, 0),
      ]),
    ]);
    for (const m of result.memory) {
      if (m.firstFailure) console.log(`  ${m.target}: first failure: ${m.firstFailure}`);
    }
  }
  if (result.notes.length > 0) {
    console.log('\nNotes:');
    for (const note of result.notes) console.log(`- ${note}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  printServerThroughput(
    await measureServerThroughput(
      quick ? { rounds: 1, durationSec: 2, rateSeconds: 1, streams: 200 } : {},
    ),
  );
}
