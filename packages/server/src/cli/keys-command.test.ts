import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASTER_KEY } from '../testing/governance';
import {
  chatBody,
  type RunningServer,
  startServer,
  startUpstream,
  testConfig,
} from '../testing/test-env';
import { runKeysCommand } from './keys-command';

/** The built CLI (rebuild the server before running this file). */
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let up: FakeUpstream;
let server: RunningServer;
beforeAll(async () => {
  up = await startUpstream();
  server = await startServer(
    testConfig(up, { STEREOS_MASTER_KEY: MASTER_KEY, OPENAI_API_KEY: 'sk-openai-env-key-1' }),
  );
});
afterAll(async () => {
  await server.close();
  await up.close();
});

/** Runs `stereos-server keys …` as a process; resolves with its exit code and output. */
function keys(args: string[], env: Record<string, string> = { STEREOS_MASTER_KEY: MASTER_KEY }) {
  const child = spawn(process.execPath, [CLI, 'keys', ...args, '--url', server.url], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

function chat(key: string) {
  return fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(chatBody()),
  });
}

const SECRET = /Key \(shown once, store it now\): (sk-st-[A-Za-z0-9_-]{32})/;

describe('stereos-server keys (built CLI against a running server)', () => {
  it('create → list → rotate → revoke, printing each secret once', async () => {
    const created = await keys([
      'create',
      '--name',
      'ci',
      '--budget-usd',
      '10',
      '--period',
      'month',
      '--rpm',
      '60',
      '--tpm',
      '100000',
      '--models',
      'gpt-4o*,claude-*',
      '--expires',
      '2099-01-01',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const secret = SECRET.exec(created.stdout)?.[1] as string;
    const id = /Created (vk_\w+) \(ci\)/.exec(created.stdout)?.[1] as string;
    expect(secret).toBeDefined();
    expect(id).toBeDefined();
    expect(created.stdout.split(secret)).toHaveLength(2); // printed exactly once
    expect((await chat(secret)).status).toBe(200);
    expect(await server.app.stores.keys.get(id)).toMatchObject({
      budget: { limitUsd: 10, period: 'month' },
      rpm: 60,
      tpm: 100000,
      models: ['gpt-4o*', 'claude-*'],
      expiresAt: '2099-01-01T00:00:00.000Z',
    });

    const listed = await keys(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+KEY\s+STATUS/);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toMatch(/active\s+\$10\/month\s+60\s+100000\s+gpt-4o\*,claude-\*/);
    expect(listed.stdout).not.toContain(secret);

    const rotated = await keys(['rotate', id]);
    expect(rotated.code).toBe(0);
    const newSecret = SECRET.exec(rotated.stdout)?.[1] as string;
    expect(newSecret).not.toBe(secret);
    expect((await chat(secret)).status).toBe(401);
    expect((await chat(newSecret)).status).toBe(200);

    const revoked = await keys(['revoke', id]);
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked ${id} (ci).\n` });
    expect((await chat(newSecret)).status).toBe(401);
    expect((await keys(['list'])).stdout).toMatch(new RegExp(`${id}.*revoked`));
  });

  it('fails with one line: no master key, a wrong one, a bad value, an unknown id', async () => {
    const noKey = await keys(['list'], {});
    expect(noKey.code).toBe(1);
    expect(noKey.stderr.trim()).toBe(
      "Set STEREOS_MASTER_KEY to the server's master key to manage keys.",
    );
    const wrong = await keys(['list'], { STEREOS_MASTER_KEY: 'not-the-master-key' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe('Error 401: Invalid master key.');
    expect(wrong.stderr).not.toContain('not-the-master-key');
    const bad = await keys(['create', '--name', 'x', '--rpm', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error 400: rpm: /);
    const unknown = await keys(['revoke', 'vk_0000']);
    expect(unknown.stderr.trim()).toBe("Error 404: No virtual key with id 'vk_0000'.");
    const usage = await keys(['frobnicate']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('keys --help');
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints its help', async () => {
    const help = await keys(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: stereos-server keys');
    expect(help.stdout).toContain('STEREOS_MASTER_KEY');
  });
});

describe('runKeysCommand', () => {
  it('says when the server cannot be reached', async () => {
    const lines: string[] = [];
    const code = await runKeysCommand(['list', '--url', 'http://127.0.0.1:1'], {
      env: { STEREOS_MASTER_KEY: MASTER_KEY },
      out: () => {},
      err: (line) => lines.push(line),
    });
    expect(code).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^Cannot reach the Stereos server at http:\/\/127\.0\.0\.1:1 /),
    ]);
  });

  it('--json prints the answer as is', async () => {
    const lines: string[] = [];
    const code = await runKeysCommand(['create', '--name', 'j', '--json', '--url', server.url], {
      env: { STEREOS_MASTER_KEY: MASTER_KEY },
      out: (line) => lines.push(line),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(lines.join('\n'))).toMatchObject({
      object: 'virtual_key',
      name: 'j',
      key: expect.any(String),
    });
  });
});
