import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** The built CLI, as `npx pnpm start` and `stereos-server` run it. */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('stereos-server CLI', () => {
  it('stops with one line naming a bad variable', async () => {
    const cli = start({ PORT: 'abc' });
    expect(await cli.exited).toBe(1);
    const { stderr } = cli.output();
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('PORT');
  });

  it('starts with no keys and no database, says where it listens, serves, and stops on SIGTERM', async () => {
    const cli = start({ PORT: '0', HOST: '127.0.0.1', GROQ_API_KEY: 'gsk-secret-123456' });
    await until(() => cli.output().stdout.includes('Providers with keys'));
    const { stdout } = cli.output();
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('Providers with keys: groq');
    expect(stdout).toContain('passthrough');
    expect(stdout).not.toContain('gsk-secret-123456');
    const url = /listening on (http:\/\/[\d.]+:\d+)/.exec(stdout)?.[1];
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });
});
