import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startUpstream } from '../../testing/test-env';
import { openServerStores } from '../open-server-stores';
import { DataDirInUseError } from './data-dir-lock';
import { openSqlStores } from './open-sql-stores';
import { sqliteTarget, type TestDatabase } from './sql-test-targets';

/*
 * The embedded file as the CLI runs it: one process per data directory, budgets in its memory,
 * spend written behind. These start the built CLI (`pnpm build` first).
 */
const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

let up: FakeUpstream;
let testDb: TestDatabase;
let dataDir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  up = await startUpstream();
});
afterAll(() => up.close());
beforeEach(async () => {
  up.reset();
  testDb = await sqliteTarget.create();
  dataDir = testDb.options.dataDir as string;
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await testDb.drop();
});

/** Starts the CLI on `dataDir`; resolves with its URL once it listens. */
async function startCli(): Promise<{ url: string; child: ChildProcess; exited: Promise<number> }> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    env: {
      PATH: process.env['PATH'] ?? '',
      STEREOS_DATA_DIR: dataDir,
      GATEWAY_API_KEYS: 'gw-key-1',
      OPENAI_API_KEY: 'sk-openai-env-1',
      OPENAI_BASE_URL: up.url,
      LOG_EVENTS: 'false',
      STEREOS_BUDGET_USD: '5',
      STEREOS_BUDGET_PERIOD: 'total',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const port = await new Promise<string>((resolve, reject) => {
    const poll = setInterval(() => {
      const found = /listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (found?.[1]) {
        clearInterval(poll);
        resolve(found[1]);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      reject(new Error(`CLI exited with ${code}: ${out}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child, exited };
}

async function chat(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gw-key-1' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  await response.text();
  return response.status;
}

/** The global spend and the ledger's summed cost, as the file holds them. */
async function storedSpend(): Promise<{ spentUsd: number; ledgerUsd: number; requests: number }> {
  const stores = await openServerStores({ dataDir });
  try {
    const { spentUsd } = await stores.budgets.usage('global', 'total');
    const [total] = await stores.ledger.usage({});
    return { spentUsd, ledgerUsd: total?.costUsd ?? 0, requests: total?.requests ?? 0 };
  } finally {
    await stores.close();
  }
}

describe('one process per embedded data directory', () => {
  it('refuses a second process with a message that says what to do', async () => {
    const first = await startCli();
    await expect(openServerStores({ dataDir })).rejects.toThrow(DataDirInUseError);
    await expect(openServerStores({ dataDir })).rejects.toThrow(
      /in use by another Stereos process/,
    );
    const second = spawn(process.execPath, [CLI, '--port', '0'], {
      env: { PATH: process.env['PATH'] ?? '', STEREOS_DATA_DIR: dataDir, LOG_EVENTS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(second);
    let stderr = '';
    second.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/in use by another Stereos process.*STEREOS_DATA_DIR.*DATABASE_URL/s);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The first still serves.
    expect(await chat(first.url)).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Stopped: the directory is free again.
    await (await openServerStores({ dataDir })).close();
  });

  it('shares one count when one process opens the directory twice', async () => {
    const a = await openSqlStores({ dataDir });
    const b = await openSqlStores({ dataDir });
    const request = { scope: 'global', window: 'total', amountUsd: 0.6, limitUsd: 1 };
    expect((await a.budgets.reserve(request)).ok).toBe(true);
    expect((await b.budgets.reserve(request)).ok).toBe(false);
    await a.close();
    // Still open through b.
    expect(await b.budgets.usage('global', 'total')).toEqual({ spentUsd: 0, reservedUsd: 0.6 });
    await b.close();
  });
});

describe('spend of the embedded store across restarts', () => {
  it('remembers the spend after a clean stop', async () => {
    const first = await startCli();
    for (let i = 0; i < 5; i++) expect(await chat(first.url)).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const stored = await storedSpend();
    expect(stored.requests).toBe(5);
    expect(stored.spentUsd).toBeGreaterThan(0);
    expect(stored.spentUsd).toBeCloseTo(stored.ledgerUsd, 9);

    // The restarted server counts on from there.
    const second = await startCli();
    expect(await chat(second.url)).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const after = await storedSpend();
    expect(after.requests).toBe(6);
    expect(after.spentUsd).toBeCloseTo(after.ledgerUsd, 9);
    expect(after.spentUsd).toBeGreaterThan(stored.spentUsd);
  });

  it('loses at most one flush interval (1 s) on a crash', async () => {
    const first = await startCli();
    for (let i = 0; i < 3; i++) expect(await chat(first.url)).toBe(200);
    // Past one flush interval of both the spend (1 s) and the ledger (200 ms).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    first.child.kill('SIGKILL');
    await first.exited;
    const stored = await storedSpend();
    expect(stored.requests).toBe(3);
    expect(stored.spentUsd).toBeGreaterThan(0);
    expect(stored.spentUsd).toBeCloseTo(stored.ledgerUsd, 9);
  });
});
