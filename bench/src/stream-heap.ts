import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '@stereos/fake-upstream';
import { Pool } from 'undici';
import { startTsChild } from './child-service';
import { CHAT_HEADERS, CHAT_PATH, chatBody } from './requests';
import { fmt, printTable } from './stats';

/**
 * `pnpm --filter @stereos/bench bench:stream-heap [streams]`: what one open stream keeps alive in
 * the target's heap, the bare proxy next to Stereos. Each target takes a heap snapshot (V8 runs a
 * full GC first: live objects only) once warmed up and again two seconds after `streams` streams
 * were started (slow answers: twenty chunks 300 ms apart); the difference, divided by the streams
 * open at that moment (live `ServerResponse`s), is summed up by kind of object (closures by
 * function name). RSS at 1,000 streams is this plus the young generation
 * (which any busy server grows to its maximum) plus garbage promoted before a full GC.
 */

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const streams = Number(process.argv[2] ?? 1000);
const upstream = await startFakeUpstream({ port: 0, maxRecordedRequests: 10 });
upstream.setDefault(() => ({
  kind: 'reply',
  text: Array.from({ length: 20 }, (_, i) => `w${i + 1}`).join(' '),
  chunks: 20,
  chunkDelayMs: 300,
}));
const rows: string[][] = [];
const groups = new Map<string, Map<string, number>>();
try {
  for (const [name, file] of [
    ['bare proxy', './bare-proxy.ts'],
    ['stereos', './stereos-server.ts'],
  ] as const) {
    const { opened, perStream, warm, busy, byKind } = await measure(file);
    rows.push([
      name,
      String(opened),
      fmt(warm / 2 ** 20, 1),
      fmt(busy / 2 ** 20, 1),
      fmt(perStream, 0),
    ]);
    groups.set(name, byKind);
  }
} finally {
  await upstream.close();
}
printTable([
  ['target', 'streams open', 'heap warm MB', 'heap busy MB', 'bytes per open stream'],
  ...rows,
]);
printGroups(groups);

async function measure(file: string) {
  const dir = mkdtempSync(join(tmpdir(), 'stereos-stream-heap-'));
  const child = await startTsChild(
    'target',
    file,
    { UPSTREAM_URL: upstream.url },
    {
      nodeArgs: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
    },
  );
  const pool = new Pool(child.url, { connections: streams, bodyTimeout: 60_000 });
  const body = chatBody({ stream: true });
  const stream = async () => {
    const answer = await pool.request({
      method: 'POST',
      path: CHAT_PATH,
      headers: CHAT_HEADERS,
      body,
    });
    await answer.body.text();
  };
  try {
    await Promise.all(Array.from({ length: 100 }, stream));
    const warm = await snapshot(child.pid, dir);
    const open = Promise.all(Array.from({ length: streams }, stream));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const busy = await snapshot(child.pid, dir);
    await open;
    const opened = busy.responses - warm.responses;
    const byKind = new Map<string, number>();
    for (const [kind, bytes] of busy.byKind) {
      byKind.set(kind, (bytes - (warm.byKind.get(kind) ?? 0)) / opened);
    }
    return {
      opened,
      perStream: (busy.total - warm.total) / opened,
      warm: warm.total,
      busy: busy.total,
      byKind,
    };
  } finally {
    await pool.close();
    await child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asks the target for a heap snapshot and sums its nodes' sizes by kind. */
async function snapshot(pid: number, dir: string) {
  const before = readdirSync(dir).length;
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  for (let i = 0; i < 600 && !file; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const files = readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot'));
    const newest = files.length > before ? files.sort().at(-1) : undefined;
    // Written when it parses: the file grows until the snapshot is complete.
    if (newest) file = parses(join(dir, newest));
  }
  if (!file) throw new Error('no heap snapshot written');
  return summarize(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot);
}

function parses(path: string): string | undefined {
  try {
    JSON.parse(readFileSync(path, 'utf8'));
    return path;
  } catch {
    return undefined;
  }
}

function summarize(heap: HeapSnapshot) {
  const { node_fields: fields, node_types: types } = heap.snapshot.meta;
  const width = fields.length;
  const type = fields.indexOf('type');
  const name = fields.indexOf('name');
  const size = fields.indexOf('self_size');
  const byKind = new Map<string, number>();
  let total = 0;
  // Each open answer has one `ServerResponse`: the streams actually open at the snapshot.
  let responses = 0;
  for (let i = 0; i < heap.nodes.length; i += width) {
    const kind = kindOf(
      types[0][heap.nodes[i + type] as number] ?? '',
      heap.strings[heap.nodes[i + name] as number] ?? '',
    );
    const bytes = heap.nodes[i + size] as number;
    byKind.set(kind, (byKind.get(kind) ?? 0) + bytes);
    total += bytes;
    if (kind === 'object ServerResponse') responses++;
  }
  return { total, byKind, responses };
}

function kindOf(type: string, name: string): string {
  if (type.includes('string')) return 'strings';
  if (type === 'closure') return name ? `closure ${name}` : 'closures (anonymous)';
  if (type === 'object' && name === 'system / Context') return 'closure contexts';
  if (type === 'object' || type === 'native') return `${type} ${name}`.slice(0, 60);
  return type;
}

/** The kinds of object that make up most of a stream's bytes, per target. */
function printGroups(byTarget: Map<string, Map<string, number>>) {
  const names = [...byTarget.keys()];
  const kinds = new Set<string>();
  for (const byKind of byTarget.values()) for (const kind of byKind.keys()) kinds.add(kind);
  const largest = (kind: string) =>
    Math.max(...names.map((n) => Math.abs(byTarget.get(n)?.get(kind) ?? 0)));
  const top = [...kinds].sort((a, b) => largest(b) - largest(a)).slice(0, 25);
  console.log('\nbytes per open stream, by kind of object');
  printTable([
    ['kind', ...names],
    ...top.map((kind) => [kind, ...names.map((n) => fmt(byTarget.get(n)?.get(kind) ?? 0, 0))]),
  ]);
}
