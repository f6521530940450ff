import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, spawnCli, startCli } from './testing/cli-process';
import { rawExchange } from './testing/raw-http';

/** The built CLI (`testing/cli-process.ts`), as `stereos-server` runs it; its version: */
const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const running: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
});

/** Spawns the CLI with `args`, killed after the test. */
function start(env: Record<string, string>, args: string[] = []): CliRun {
  const cli = spawnCli(env, args);
  running.push(cli.child);
  return cli;
}

/** Starts the CLI and waits for its banner; `url` is where it listens. */
async function startServing(env: Record<string, string>, args: string[]) {
  const cli = await startCli(env, { args });
  running.push(cli.child);
  return cli;
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Expects the CLI to exit 1 with exactly one line on stderr, and returns that line. */
async function failsWithOneLine(cli: CliRun): Promise<string> {
  expect(await cli.exited).toBe(1);
  const { stderr } = cli.output();
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return stderr.trim();
}

describe('stereos-server flags', () => {
  it.each([['--help'], ['-h']])(
    '%s prints usage with flags and variables, starts nothing, exits 0',
    async (flag) => {
      const cli = start({}, [flag]);
      expect(await cli.exited).toBe(0);
      const { stdout, stderr } = cli.output();
      expect(stdout).toContain('Usage: stereos-server');
      for (const text of ['--port', '--host', '--version', 'PORT', 'HOST', 'GATEWAY_API_KEYS']) {
        expect(stdout).toContain(text);
      }
      expect(stdout).toContain('STEREOS_ALLOW_ANONYMOUS');
      expect(stdout).not.toContain('listening');
      expect(stderr).toBe('');
    },
  );

  it.each([[['--version']], [['-v']], [['--', '--version']]])(
    '%j prints the package version and exits 0',
    async (args) => {
      const cli = start({}, args);
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toBe(`${VERSION}\n`);
    },
  );

  it.each([
    [['--nope'], '--nope'],
    [['--port=8080', '-x'], '-x'],
    [['serve'], 'serve'],
  ])('refuses %j with one line naming it and pointing at --help', async (args, named) => {
    const line = await failsWithOneLine(start({}, args));
    expect(line).toContain(`'${named}'`);
    expect(line).toContain('--help');
  });

  it.each([[['--port', 'abc']], [['--port=0x50']], [['--port', '70000']], [['--port']]])(
    'refuses a bad port flag %j with one line',
    async (args) => {
      const line = await failsWithOneLine(start({}, args));
      expect(line).toContain('--port');
    },
  );

  it('--port and --host (both spellings) override PORT and HOST', async () => {
    const cli = await startServing({ PORT: '1', HOST: '0.0.0.0' }, [
      '--port',
      '0',
      '--host=127.0.0.1',
    ]);
    expect(cli.output().stdout).toMatch(
      /listening on http:\/\/127\.0\.0\.1:\d+ \(bound to 127\.0\.0\.1\)/,
    );
    expect(cli.port).toBeGreaterThan(1);
    expect(await (await fetch(`${cli.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});

describe('stereos-server configuration errors', () => {
  it.each(['abc', '0x50', '1e3', ' 80 abc', '0', '70000'])(
    'stops with one line naming PORT for PORT=%j',
    async (value) => {
      expect(await failsWithOneLine(start({ PORT: value }))).toContain('PORT');
    },
  );

  it('stops with one line for a GATEWAY_API_KEYS without any key', async () => {
    const line = await failsWithOneLine(start({ GATEWAY_API_KEYS: ' , ,', PORT: '3999' }));
    expect(line).toContain('GATEWAY_API_KEYS');
  });

  it('says the port is in use, in one line', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const line = await failsWithOneLine(start({ HOST: '127.0.0.1' }, ['--port', String(port)]));
    expect(line).toBe(`Port ${port} is already in use (set PORT or --port).`);
  });

  it.each([
    ['192.0.2.1', 'no such address'],
    ['nonexistent.invalid', 'does not resolve'],
  ])('says a host it cannot bind (%s), in one line', async (host, says) => {
    const line = await failsWithOneLine(start({}, ['--port', '0', '--host', host]));
    expect(line).toContain(host);
    expect(line).toContain(says);
  });
});

describe('stereos-server serving', () => {
  it('starts with no keys and no database, says where it listens, serves, and stops on SIGTERM', async () => {
    const cli = await startServing({ GROQ_API_KEY: 'gsk-secret-123456' }, [
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ]);
    const { stdout, stderr } = cli.output();
    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('Providers with keys: groq');
    expect(stdout).toContain('Auth: passthrough (no GATEWAY_API_KEYS)');
    expect(stdout).not.toContain('gsk-secret-123456');
    expect(stderr).toBe('');
    const health = await fetch(`${cli.url}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('refuses a request without a key instead of spending the env key', async () => {
    const cli = await startServing({ OPENAI_API_KEY: 'sk-env-123456', LOG_EVENTS: 'false' }, [
      '--port=0',
      '--host=127.0.0.1',
    ]);
    const response = await fetch(`${cli.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'missing_api_key',
    );
  });

  it('warns on stderr when bound beyond loopback without gateway keys', async () => {
    const cli = await startServing({ HOST: '0.0.0.0' }, ['--port', '0']);
    expect(cli.output().stdout).toContain('(bound to 0.0.0.0)');
    await until(() => cli.output().stderr.includes('\n'));
    const { stderr } = cli.output();
    expect(stderr).toMatch(/^WARNING: bound to 0\.0\.0\.0.*GATEWAY_API_KEYS/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the anonymous opt-in in the banner and the warning', async () => {
    const cli = await startServing(
      { STEREOS_ALLOW_ANONYMOUS: 'true', OPENAI_API_KEY: 'sk-x-123456' },
      ['--port', '0'],
    );
    expect(cli.output().stdout).toContain(
      'Auth: passthrough with anonymous env-key use allowed (STEREOS_ALLOW_ANONYMOUS=true)',
    );
    await until(() => cli.output().stderr.includes('\n'));
    expect(cli.output().stderr).toContain("spend this server's provider keys");
  });

  it('does not warn with gateway keys, and says gateway mode', async () => {
    const cli = await startServing({ GATEWAY_API_KEYS: 'gw-1,gw-2' }, [
      '--port',
      '0',
      '--host',
      '0.0.0.0',
    ]);
    expect(cli.output().stdout).toContain('Auth: gateway keys (2 from GATEWAY_API_KEYS)');
    expect(cli.output().stdout).not.toContain('gw-1');
    // The warning would be written right after the banner, before any request is answered.
    await fetch(`${cli.url}/healthz`);
    expect(cli.output().stderr).toBe('');
  });

  it('answers oversized headers with the OpenAI error JSON, not an empty body', async () => {
    const cli = await startServing({}, ['--port', '0', '--host', '127.0.0.1']);
    const raw = await rawExchange(
      cli.url,
      `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw.toLowerCase()).toContain('content-type: application/json');
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { type: string } };
    expect(body.error.type).toBe('invalid_request_error');
  });
});
