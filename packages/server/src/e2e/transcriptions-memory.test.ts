import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAKE_TRANSCRIPT, type FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fakeBaseUrlEnv, startUpstream } from '../testing/test-env';

/**
 * A 50 MB audio upload streams through the server (spooled to disk, then streamed to the
 * provider) with bounded memory. The built CLI (`dist/cli.js`) runs alone in a child process, so its resident
 * memory is measured apart from this process's client and fake upstream (which counts the
 * file's bytes as they arrive and never holds them).
 */
const UPLOAD_BYTES = 50 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(42);
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'stereos-mem-'));

let up: FakeUpstream;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  up = await startUpstream();
  child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ...fakeBaseUrlEnv(up.url),
      LOG_EVENTS: 'false',
      STEREOS_DASHBOARD: 'false',
      STEREOS_DATA_DIR: dataDir,
      GATEWAY_API_KEYS: 'gw-mem-key-1',
      OPENAI_API_KEY: 'sk-openai-env-key-123',
      STEREOS_MAX_UPLOAD_BYTES: String(200 * 1024 * 1024),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 20_000;
  while (!/listening on http:\/\/[^:]+:(\d+)/.test(stdout)) {
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  url = `http://127.0.0.1:${/listening on http:\/\/[^:]+:(\d+)/.exec(stdout)![1]}`;
}, 30_000);
afterAll(async () => {
  child?.kill('SIGKILL');
  await up?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resident and peak resident memory of the server process, in MiB (Linux `/proc`). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** A multipart body generated as it is sent, the file before `model` (as the SDK may send). */
function streamingForm(fileBytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const head = encoder.encode(
    '--xyz\r\ncontent-disposition: form-data; name="file"; filename="long.mp3"\r\n' +
      'content-type: audio/mpeg\r\n\r\n',
  );
  const tail = encoder.encode(
    '\r\n--xyz\r\ncontent-disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n--xyz--\r\n',
  );
  let sent = -1;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent < 0) {
        sent = 0;
        controller.enqueue(head);
      } else if (sent < fileBytes) {
        const size = Math.min(CHUNK.byteLength, fileBytes - sent);
        sent += size;
        controller.enqueue(size === CHUNK.byteLength ? CHUNK : CHUNK.subarray(0, size));
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });
}

function upload(fileBytes: number): Promise<Response> {
  return fetch(`${url}/v1/audio/transcriptions`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer gw-mem-key-1',
      'content-type': 'multipart/form-data; boundary=xyz',
    },
    body: streamingForm(fileBytes),
    duplex: 'half',
  } as RequestInit);
}

/** Uploads `bytes` and returns the server's peak RSS (MiB) during the call. */
async function peakDuring(pid: number, bytes: number): Promise<number> {
  // The peak (VmHWM) counts from here on, not from earlier calls (Linux `clear_refs`).
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  let peak = memoryOf(pid).rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rss);
  }, 10);
  try {
    const response = await upload(bytes);
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe(FAKE_TRANSCRIPT);
  } finally {
    clearInterval(sampler);
  }
  expect(up.requests.at(-1)!.upload!.file!.bytes).toBe(bytes);
  expect(up.requests.at(-1)!.upload!.fields).toEqual({ model: 'whisper-1' });
  return Math.max(peak, memoryOf(pid).peak);
}

it('streams 50 MB and 150 MB uploads through: server memory does not follow their size', async () => {
  // Warm every path up (parser, spool to disk, upstream pool) before the baseline.
  const warm = await upload(4 * 1024 * 1024);
  expect(warm.status).toBe(200);
  await warm.text();
  const pid = child.pid as number;
  const before = memoryOf(pid).rss;
  const peak50 = await peakDuring(pid, UPLOAD_BYTES);
  // Three times the upload: memory must not follow the size. What the first upload grew is the
  // garbage collector's slack (young generation, freed buffers), which the second one reuses.
  const peak150 = await peakDuring(pid, 3 * UPLOAD_BYTES);
  console.log(
    `server RSS ${before.toFixed(1)} MiB → ${peak50.toFixed(1)} (50 MB) → ${peak150.toFixed(1)} (150 MB)`,
  );
  // A buffered upload would grow by its size: 150 MB. Streamed, the growth is the slack alone.
  expect(peak150 - before).toBeLessThan(60);
  expect(peak150 - peak50).toBeLessThan(25);
}, 60_000);
