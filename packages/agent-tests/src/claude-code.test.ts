import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_CODE, findAgentBinary } from './agent-binary';
import { runAgent } from './run-agent';
import { type StereosStack, startStereosStack, tempDir } from './stereos-stack';

/**
 * The real Claude Code CLI (`@anthropic-ai/claude-code` from npm) in print mode with
 * `ANTHROPIC_BASE_URL` at a Stereos server, served by the fake Anthropic upstream or, for
 * `--model gpt-4o-mini`, by the fake OpenAI upstream through the Messages ⇄ Chat translation.
 * https://docs.anthropic.com/en/docs/claude-code/settings#environment-variables
 */
const binary = findAgentBinary(CLAUDE_CODE);
const GATEWAY_KEY = 'gw-claude-code-agent-key';
const RUN_TIMEOUT_MS = 90_000;

/** Claude Code with a temp HOME (no user config) and no traffic beyond the gateway. */
async function claude(stack: StereosStack, args: string[], env: Record<string, string>) {
  const home = tempDir('stereos-claude-home-');
  const project = tempDir('stereos-claude-project-');
  try {
    const run = await runAgent(
      (binary as { path: string }).path,
      ['-p', ...args, '--output-format', 'json'],
      {
        cwd: project.path,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: home.path,
          PWD: project.path,
          ANTHROPIC_BASE_URL: stack.url,
          ...env,
          DISABLE_TELEMETRY: '1',
          DISABLE_AUTOUPDATER: '1',
          DISABLE_ERROR_REPORTING: '1',
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        },
        timeoutMs: RUN_TIMEOUT_MS,
      },
    );
    expect(run.timedOut, `claude hung; stderr: ${run.stderr}`).toBe(false);
    const result = parseResult(run.stdout, run.stderr);
    return { ...run, result };
  } finally {
    home.remove();
    project.remove();
  }
}

/** The `--output-format json` result object (the last JSON line printed). */
function parseResult(stdout: string, stderr: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`claude printed no JSON result.\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
}

describe.skipIf('skip' in binary)(
  `Claude Code ${'version' in binary ? binary.version : ''}`,
  () => {
    describe('with a gateway key', () => {
      let stack: StereosStack;
      beforeAll(async () => {
        stack = await startStereosStack({
          GATEWAY_API_KEYS: GATEWAY_KEY,
          ANTHROPIC_API_KEY: 'sk-ant-operator-key',
          OPENAI_API_KEY: 'sk-openai-operator-key',
        });
      });
      afterAll(() => stack?.close());
      beforeEach(() => {
        stack.upstream.reset();
        stack.app.events.clear();
        stack.served.length = 0;
      });

      it('answers `claude -p` through the Anthropic upstream and records the call', async () => {
        stack.upstream.setDefault({ kind: 'reply', text: 'Hello from the fake Anthropic' });
        const run = await claude(stack, ['Say hello'], { ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY });
        expect(run.result).toMatchObject({
          type: 'result',
          is_error: false,
          result: 'Hello from the fake Anthropic',
        });
        expect(run.code).toBe(0);
        const calls = stack.upstream.requests.filter((r) => r.kind !== 'models');
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.every((r) => r.path === '/v1/messages')).toBe(true);
        expect(calls[0]?.headers['x-api-key']).toBe('sk-ant-operator-key');
        const event = await stack.app.events.waitFor((e) => e.status === 'success');
        expect(event).toMatchObject({ operation: 'chat', provider: 'anthropic', stream: true });
        expect(event.model).toMatch(/^claude-/);
        expectEveryCallAnswered(stack);
      });

      it('answers `claude -p --model gpt-4o-mini` through the OpenAI upstream (translated)', async () => {
        stack.upstream.setDefault({ kind: 'reply', text: 'Hello from the fake OpenAI' });
        const run = await claude(stack, ['Say hello', '--model', 'gpt-4o-mini'], {
          ANTHROPIC_AUTH_TOKEN: GATEWAY_KEY,
        });
        expect(run.result).toMatchObject({ is_error: false, result: 'Hello from the fake OpenAI' });
        const calls = stack.upstream.requests;
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.every((r) => r.path === '/v1/chat/completions')).toBe(true);
        expect(calls[0]?.body.model).toBe('gpt-4o-mini');
        expect(calls[0]?.headers.authorization).toBe('Bearer sk-openai-operator-key');
        const event = await stack.app.events.waitFor((e) => e.status === 'success');
        expect(event).toMatchObject({
          provider: 'openai',
          model: 'gpt-4o-mini',
          requestedModel: 'gpt-4o-mini',
          stream: true,
        });
        expect(event.inputTokens).toBeGreaterThan(0);
        expectEveryCallAnswered(stack);
      });

      it('shows the gateway refusal of a wrong key as an error, without calling upstream', async () => {
        // Claude Code retries a 401 with backoff (for minutes); one try is enough here.
        const run = await claude(stack, ['Say hello'], {
          ANTHROPIC_AUTH_TOKEN: 'wrong-key',
          CLAUDE_CODE_MAX_RETRIES: '0',
        });
        expect(run.result).toMatchObject({ is_error: true });
        expect(String(run.result.result)).toMatch(/401|Invalid API key/);
        expect(stack.upstream.requests).toHaveLength(0);
        expect(stack.served.map((r) => r.status)).toEqual([401]);
      });
    });

    describe('in passthrough mode', () => {
      let stack: StereosStack;
      beforeAll(async () => {
        // The operator's keys are set but never used for callers in passthrough mode.
        stack = await startStereosStack({ ANTHROPIC_API_KEY: 'sk-ant-operator-key' });
      });
      afterAll(() => stack?.close());

      it("sends the caller's ANTHROPIC_API_KEY to Anthropic as its key", async () => {
        stack.upstream.setDefault({ kind: 'reply', text: 'Hello with your own key' });
        const run = await claude(stack, ['Say hello'], { ANTHROPIC_API_KEY: 'sk-ant-caller-key' });
        expect(run.result).toMatchObject({ is_error: false, result: 'Hello with your own key' });
        const calls = stack.upstream.requests;
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.every((r) => r.headers['x-api-key'] === 'sk-ant-caller-key')).toBe(true);
        expectEveryCallAnswered(stack);
      });
    });
  },
);

if ('skip' in binary) {
  it.skip(`Claude Code cannot run here: ${binary.skip}`, () => {});
}

/** Whatever Claude Code called on the gateway got an answer (no 404, no 5xx). */
function expectEveryCallAnswered(stack: StereosStack): void {
  expect(stack.served.length).toBeGreaterThan(0);
  const unanswered = stack.served.filter((r) => r.status === 404 || r.status >= 500);
  expect(unanswered).toEqual([]);
}
