import { cpus } from 'node:os';
import { measureLibraryOverhead, printLibraryOverhead } from './library-overhead';
import { measureServerThroughput, printServerThroughput } from './server-throughput';
import { fmt } from './stats';

/**
 * `pnpm bench`: both measurements in one run (about a minute), then the goals from the issue.
 * Everything runs on 127.0.0.1 against the fake upstream; nothing leaves the machine.
 */

// Goals from the issue.
const MAX_LIBRARY_EXTRA_MS = 0.1;
const MIN_SERVER_RATIO = 0.6;

const started = performance.now();
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `Stereos bench: ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} × ${cpu}\n`,
);

console.log('== @stereos/ai per-call overhead (unified gateway vs bare openai-compatible model)\n');
const library = await measureLibraryOverhead();
printLibraryOverhead(library);

console.log('\n== @stereos/server vs a bare pass-through proxy vs the upstream itself\n');
const server = await measureServerThroughput();
printServerThroughput(server);

console.log('\n== Goals\n');
for (const row of library.filter((r) => !r.scenario.includes('no I/O'))) {
  const extra = row.stereos.mean - row.bare.mean;
  const verdict = extra <= MAX_LIBRARY_EXTRA_MS ? 'met' : 'NOT met';
  console.log(
    `library ${row.scenario}: +${fmt(extra)} ms per call (goal ≤ ${MAX_LIBRARY_EXTRA_MS}) ${verdict}`,
  );
}
for (const mode of ['json', 'stream'] as const) {
  const rate = (target: string) =>
    server.load.find((r) => r.mode === mode && r.target === target)?.requestsPerSec ?? Number.NaN;
  const ratio = rate('stereos') / rate('bare proxy');
  const verdict = ratio >= MIN_SERVER_RATIO ? 'met' : 'NOT met';
  console.log(
    `server ${mode}: ${fmt(ratio, 2)}x the bare proxy (goal ≥ ${MIN_SERVER_RATIO}) ${verdict}`,
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
