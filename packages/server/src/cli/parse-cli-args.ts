import { parseArgs } from 'node:util';

/** What the command line asked for; `port` and `host` override `PORT` and `HOST`. */
export interface CliArgs {
  help: boolean;
  version: boolean;
  port?: number;
  host?: string;
  /** `stereos-server keys …`: the arguments after `keys` (see `keys-command.ts`). */
  keys?: string[];
}

/** A bad command line. The message is one line, fit to print as is (then exit 1). */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const HINT = 'run stereos-server --help for the options';

/**
 * Parses `stereos-server [--port <n>] [--host <h>] [-h|--help] [-v|--version]` (`--port=<n>`
 * works too). Unlike `PORT`, `--port` accepts 0: an explicit request for a free port, which
 * tests and benchmarks need and a stray environment value should not trigger.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  // `pnpm start -- --port 8080` passes the `--` on (npm drops it): accept it up front.
  const given = argv[0] === '--' ? argv.slice(1) : [...argv];
  if (given[0] === 'keys') return { help: false, version: false, keys: given.slice(1) };
  let values: { help?: boolean; version?: boolean; port?: string; host?: string };
  try {
    ({ values } = parseArgs({
      args: given,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        port: { type: 'string' },
        host: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(describeParseError(error));
  }
  const args: CliArgs = { help: values.help === true, version: values.version === true };
  if (values.port !== undefined) args.port = parsePortFlag(values.port);
  if (values.host !== undefined) args.host = parseHostFlag(values.host);
  return args;
}

function parsePortFlag(value: string): number {
  const port = Number(value);
  // Digits only: `Number()` alone would take `0x50` or `1e3`.
  if (!/^\d{1,5}$/.test(value) || port > 65_535) {
    throw new CliUsageError(
      `Invalid --port '${value}': expected an integer port between 0 and 65535 (0 picks a free port).`,
    );
  }
  return port;
}

function parseHostFlag(value: string): string {
  const host = value.trim();
  if (!host) throw new CliUsageError(`Invalid --host '': expected a host name or IP address.`);
  return host;
}

// node's messages are long and suggest `--` positionals; name the culprit and point at --help.
function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']*)'/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option '${quoted}'; ${HINT}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument '${quoted}'; ${HINT}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `Option '${quoted?.split(' ')[0]}' needs a value; ${HINT}.`;
    default:
      return `${message.split('\n')[0]}; ${HINT}.`;
  }
}
