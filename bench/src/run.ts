import { cpus } from 'node:os';
import { measureLibraryOverhead, printLibraryOverhead } from './library-overhead';
import {
  measureServerThroughput,
  printServerThroughput,
  type ThroughputResult,
} from './server-throughput';
import { fmt } from './stats';

/**
 * `pnpm bench`: both measurements in one run (about seven minutes), then the goals from the
 * issue. Everything runs on 127.0.0.1 against the fake upstream; nothing leaves the machine.
 * Verdicts use the median over the rounds of the run.
 */

// Goals from the issue.
const MAX_LIBRARY_EXTRA_MS = 0.05;
const MIN_SERVER_RATIO = 0.7;
const MIN_PORTKEY_RATIO = 8;
const MAX_ADDED_P50_MS = 0.3;
const MAX_ADDED_P99_MS = 2;
const MAX_ADDED_TTFT_MS = 0.5;
const MAX_RSS_MB = 150;
const MIN_GOVERNED_RATIO = 0.9;

const started = performance.now();
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Stereos bench: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpu}\n`,
);

console.log('== @stereos/ai per-call overhead (unified gateway vs bare openai-compatible model)\n');
const library = await measureLibraryOverhead();
printLibraryOverhead(library);

console.log('\n== @stereos/server vs a bare pass-through proxy, Portkey and the upstream itself\n');
const server = await measureServerThroughput();
printServerThroughput(server);

console.log('\n== Goals (medians over the rounds)\n');
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
for (const row of library.filter((r) => !r.scenario.includes('no I/O'))) {
  const extra = row.stereos.mean - row.bare.mean;
  console.log(
    `library ${row.scenario}: +${fmt(extra)} ms per call (goal ≤ ${MAX_LIBRARY_EXTRA_MS}) ${verdict(extra <= MAX_LIBRARY_EXTRA_MS)}`,
  );
}
for (const mode of ['json', 'stream'] as const) {
  const ratio = medianRatio(server, mode, 'stereos', 'bare proxy');
  console.log(
    `server ${mode}: ${fmt(ratio, 2)}x the bare proxy (goal ≥ ${MIN_SERVER_RATIO}) ${verdict(ratio >= MIN_SERVER_RATIO)}`,
  );
  const governed = medianRatio(server, mode, 'stereos governed', 'stereos');
  console.log(
    `server ${mode} governed (in-process stores): ${fmt(governed, 2)}x ungoverned (goal ≥ ${MIN_GOVERNED_RATIO}) ${verdict(governed >= MIN_GOVERNED_RATIO)}`,
  );
}
const portkey = medianRatio(server, 'json', 'stereos', 'portkey');
console.log(
  `server json: ${fmt(portkey, 1)}x Portkey (goal ≥ ${MIN_PORTKEY_RATIO}) ${verdict(portkey >= MIN_PORTKEY_RATIO)}`,
);
const added = (mode: 'json' | 'stream', pick: 'p50' | 'p99') =>
  median(
    server.latency
      .filter((r) => r.mode === mode && r.target === 'stereos')
      .map((r) => {
        const bare = server.latency.find(
          (b) => b.round === r.round && b.mode === mode && b.target === 'bare proxy',
        );
        return bare ? r.latency[pick] - bare.latency[pick] : Number.NaN;
      }),
  );
console.log(
  `latency at ${server.rate} req/s: json +p50 ${fmt(added('json', 'p50'), 2)} ms (goal ≤ ${MAX_ADDED_P50_MS}) ${verdict(added('json', 'p50') <= MAX_ADDED_P50_MS)}, +p99 ${fmt(added('json', 'p99'), 2)} ms (goal ≤ ${MAX_ADDED_P99_MS}) ${verdict(added('json', 'p99') <= MAX_ADDED_P99_MS)}; stream first token +p50 ${fmt(added('stream', 'p50'), 2)} ms (goal ≤ ${MAX_ADDED_TTFT_MS}) ${verdict(added('stream', 'p50') <= MAX_ADDED_TTFT_MS)}`,
);
const memory = server.memory.find((m) => m.target === 'stereos');
if (memory) {
  const ok =
    memory.complete === memory.streams && memory.lostChunks === 0 && memory.rssPeakMb <= MAX_RSS_MB;
  console.log(
    `${memory.streams} streams: ${memory.complete} complete, ${memory.lostChunks} chunks lost, RSS peak ${fmt(memory.rssPeakMb, 0)} MB (goal: all, 0, ≤ ${MAX_RSS_MB}) ${verdict(ok)}`,
  );
}
const failed = server.load.filter((r) => r.failures > 0);
if (failed.length > 0) {
  console.log(
    `\nWARNING: failed requests in ${failed.map((r) => `${r.mode} ${r.target}`).join(', ')}`,
  );
  process.exitCode = 1;
}
console.log(`\nDone in ${fmt((performance.now() - started) / 1000, 0)} s.`);

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median over rounds of `target`'s throughput over `base`'s in the same round. */
function medianRatio(
  result: ThroughputResult,
  mode: 'json' | 'stream',
  target: string,
  base: string,
): number {
  return median(
    result.load
      .filter((r) => r.mode === mode && r.target === target)
      .map((r) => {
        const other = result.load.find(
          (b) => b.round === r.round && b.mode === mode && b.target === base,
        );
        return other ? r.requestsPerSec / other.requestsPerSec : Number.NaN;
      }),
  );
}
