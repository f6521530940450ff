import { parseArgs } from 'node:util';
import type { Env } from '../config/load-config';

/** Where the command writes, and how it reaches the server (tests inject both). */
export interface KeysCommandIO {
  env: Env;
  out: (line: string) => void;
  err: (line: string) => void;
  fetch?: typeof fetch;
}

/** How long one admin call may take before the command gives up. */
const TIMEOUT_MS = 15_000;

export const KEYS_USAGE = `Usage: stereos-server keys <command> [options]

Manages virtual keys through a running server's admin API (needs STEREOS_MASTER_KEY).

Commands:
  create --name <n> [--budget-usd <usd>] [--period day|week|month|total]
         [--rpm <n>] [--tpm <n>] [--models 'gpt-4o*,claude-*'] [--expires 2027-01-01]
         [--user <id>] [--tags a,b]
                  Create a key; prints its secret once
  list            List keys (never their secrets)
  revoke <id>     Revoke a key (401 from then on)
  rotate <id>     New secret for a key; prints it once, the old one stops working

Options:
  --url <url>     Server URL (default http://127.0.0.1:$PORT, PORT default 3000)
  --json          Print the server's JSON answer
  -h, --help      Print this help

Environment:
  STEREOS_MASTER_KEY   The server's master key (sent as Authorization: Bearer)`;

/** A bad command line or a failed call: one line, printed as is (exit 1). */
class KeysCommandError extends Error {}

/**
 * `stereos-server keys …`: a thin client of `/admin/keys` on a running server. Returns the exit
 * code. Secrets are printed only by `create` and `rotate`, once; errors never echo the master key.
 */
export async function runKeysCommand(argv: readonly string[], io: KeysCommandIO): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (error) {
    if (!(error instanceof KeysCommandError)) throw error;
    io.err(error.message);
    return 1;
  }
}

async function run(argv: readonly string[], io: KeysCommandIO): Promise<void> {
  const { values, positionals } = parse(argv);
  const [command, id, ...extra] = positionals;
  if (values.help || command === undefined) return io.out(KEYS_USAGE);
  if (extra.length > 0) throw new KeysCommandError(`Unexpected argument '${extra[0]}'; ${HINT}.`);
  const call = client(values.url ?? `http://127.0.0.1:${io.env['PORT'] || 3000}`, io);
  const print = (json: any, lines: () => string[]) => {
    if (values.json) return io.out(JSON.stringify(json, null, 2));
    for (const line of lines()) io.out(line);
  };

  switch (command) {
    case 'create': {
      if (id !== undefined) throw new KeysCommandError(`Unexpected argument '${id}'; ${HINT}.`);
      const key = await call('POST', '/admin/keys', createBody(values));
      return print(key, () => [
        `Created ${key.id} (${key.name}).`,
        `Key (shown once, store it now): ${key.key}`,
      ]);
    }
    case 'list': {
      const list = await call('GET', '/admin/keys');
      return print(list, () => table(list.data));
    }
    case 'revoke': {
      const key = await call('DELETE', `/admin/keys/${keyId(id)}`);
      return print(key, () => [`Revoked ${key.id} (${key.name}).`]);
    }
    case 'rotate': {
      const key = await call('POST', `/admin/keys/${keyId(id)}/rotate`);
      return print(key, () => [
        `Rotated ${key.id} (${key.name}); the old secret no longer works.`,
        `Key (shown once, store it now): ${key.key}`,
      ]);
    }
    default:
      throw new KeysCommandError(`Unknown keys command '${command}'; ${HINT}.`);
  }
}

const HINT = 'run stereos-server keys --help for the commands';

type Values = ReturnType<typeof parse>['values'];

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        url: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        name: { type: 'string' },
        'budget-usd': { type: 'string' },
        period: { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        models: { type: 'string' },
        expires: { type: 'string' },
        user: { type: 'string' },
        tags: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KeysCommandError(`${message}; ${HINT}.`);
  }
}

/** The create body; the server validates every value (and names the field when one is bad). */
function createBody(values: Values): Record<string, unknown> {
  if (!values.name) throw new KeysCommandError(`keys create needs --name <name>; ${HINT}.`);
  const body: Record<string, unknown> = { name: values.name };
  const budget = values['budget-usd'];
  if (budget !== undefined) {
    body.budget = { limit_usd: number('--budget-usd', budget), period: values.period ?? 'month' };
  } else if (values.period !== undefined) {
    throw new KeysCommandError(`--period needs --budget-usd; ${HINT}.`);
  }
  if (values.rpm !== undefined) body.rpm = number('--rpm', values.rpm);
  if (values.tpm !== undefined) body.tpm = number('--tpm', values.tpm);
  if (values.models !== undefined) body.models = list(values.models);
  if (values.expires !== undefined) body.expires_at = values.expires;
  if (values.user !== undefined) body.user = values.user;
  if (values.tags !== undefined) body.tags = list(values.tags);
  return body;
}

function number(flag: string, value: string): number {
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n)) {
    throw new KeysCommandError(`Invalid ${flag} '${value}': expected a number.`);
  }
  return n;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function keyId(id: string | undefined): string {
  if (!id) throw new KeysCommandError(`Missing the key id (vk_…); ${HINT}.`);
  return encodeURIComponent(id);
}

/** Calls the admin API; any failure becomes one line naming the server's answer. */
function client(baseUrl: string, io: KeysCommandIO) {
  const masterKey = io.env['STEREOS_MASTER_KEY']?.trim();
  const doFetch = io.fetch ?? fetch;
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    if (!masterKey) {
      throw new KeysCommandError(
        "Set STEREOS_MASTER_KEY to the server's master key to manage keys.",
      );
    }
    if (!URL.canParse(baseUrl)) throw new KeysCommandError(`Invalid --url '${baseUrl}'.`);
    const url = new URL(path, baseUrl);
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: {
          authorization: `Bearer ${masterKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      throw new KeysCommandError(
        `Cannot reach the Stereos server at ${url.origin} (${cause}); start it or pass --url.`,
      );
    }
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const message = json?.error?.message ?? (text.slice(0, 200) || response.statusText);
      throw new KeysCommandError(`Error ${response.status}: ${message}`);
    }
    if (json === undefined) throw new KeysCommandError(`Unexpected answer from ${url.origin}.`);
    return json;
  };
}

/** `list` as aligned columns. */
function table(keys: any[]): string[] {
  if (keys.length === 0) return ['No virtual keys.'];
  const rows = keys.map((k) => [
    k.id,
    k.name,
    k.preview,
    statusOf(k),
    k.budget ? `$${k.budget.limit_usd}/${k.budget.period}` : '-',
    k.rpm ?? '-',
    k.tpm ?? '-',
    k.models ? k.models.join(',') : '*',
  ]);
  const header = ['ID', 'NAME', 'KEY', 'STATUS', 'BUDGET', 'RPM', 'TPM', 'MODELS'];
  const all = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] as string).length)));
  return all.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd(),
  );
}

function statusOf(key: { revoked_at: string | null; expires_at: string | null }): string {
  if (key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= Date.now()) return 'expired';
  return 'active';
}
