import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findAgentBinary, OPENCODE } from './agent-binary';
import { readmeOpencodeConfig } from './readme-opencode-config';
import { runAgent } from './run-agent';
import { type StereosStack, startStereosStack, tempDir } from './stereos-stack';

/**
 * The real OpenCode CLI (`opencode-ai` from npm): `opencode run` in a project whose
 * `opencode.json` is the README's (the `@ai-sdk/openai-compatible` provider at the server's
 * `/v1`), served by the fake OpenAI upstream.
 * https://opencode.ai/docs/providers/#custom-provider, https://opencode.ai/docs/cli/#run
 */
const binary = findAgentBinary(OPENCODE);
const GATEWAY_KEY = 'gw-opencode-agent-key';
const RUN_TIMEOUT_MS = 90_000;

async function opencode(stack: StereosStack, args: string[]) {
  const home = tempDir('stereos-opencode-home-');
  const project = tempDir('stereos-opencode-project-');
  writeFileSync(
    join(project.path, 'opencode.json'),
    JSON.stringify(readmeOpencodeConfig(stack.url), null, 2),
  );
  try {
    const run = await runAgent((binary as { path: string }).path, ['run', ...args], {
      cwd: project.path,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        // OpenCode takes its project folder from PWD, not only from the process's cwd.
        PWD: project.path,
        HOME: home.path,
        XDG_CONFIG_HOME: join(home.path, '.config'),
        XDG_DATA_HOME: join(home.path, '.local/share'),
        XDG_CACHE_HOME: join(home.path, '.cache'),
        XDG_STATE_HOME: join(home.path, '.local/state'),
        STEREOS_VIRTUAL_KEY: GATEWAY_KEY,
        // No update check, no models.dev catalogue, no plugins, LSP servers or sharing.
        OPENCODE_DISABLE_AUTOUPDATE: '1',
        OPENCODE_DISABLE_MODELS_FETCH: '1',
        OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
        OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
        OPENCODE_DISABLE_SHARE: '1',
        OPENCODE_DISABLE_CLAUDE_CODE: '1',
        // It looks up its plugin package on npm at start; nothing may leave the machine.
        npm_config_registry: 'http://127.0.0.1:1/',
      },
      timeoutMs: RUN_TIMEOUT_MS,
    });
    expect(run.timedOut, `opencode hung; stderr: ${run.stderr}`).toBe(false);
    return run;
  } finally {
    home.remove();
    project.remove();
  }
}

describe.skipIf('skip' in binary)(`OpenCode ${'version' in binary ? binary.version : ''}`, () => {
  let stack: StereosStack;
  beforeAll(async () => {
    stack = await startStereosStack({
      GATEWAY_API_KEYS: GATEWAY_KEY,
      OPENAI_API_KEY: 'sk-openai-operator-key',
    });
  });
  afterAll(() => stack?.close());
  beforeEach(() => {
    stack.upstream.reset();
    stack.app.events.clear();
    stack.served.length = 0;
  });

  it('answers `opencode run` with the README config through the OpenAI upstream', async () => {
    stack.upstream.setDefault({ kind: 'reply', text: 'Hello from the fake OpenAI' });
    const run = await opencode(stack, ['-m', 'stereos/gpt-4o', 'Say hello']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Hello from the fake OpenAI');
    const calls = stack.upstream.requests;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((r) => r.path === '/v1/chat/completions')).toBe(true);
    expect(calls.every((r) => r.body.model === 'gpt-4o')).toBe(true);
    expect(calls[0]?.headers.authorization).toBe('Bearer sk-openai-operator-key');
    const event = await stack.app.events.waitFor((e) => e.status === 'success');
    expect(event).toMatchObject({ operation: 'chat', provider: 'openai', model: 'gpt-4o' });
    const unanswered = stack.served.filter((r) => r.status === 404 || r.status >= 500);
    expect(unanswered).toEqual([]);
  });
});

if ('skip' in binary) {
  it.skip(`OpenCode cannot run here: ${binary.skip}`, () => {});
}
