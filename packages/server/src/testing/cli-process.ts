import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test-only (not exported from the package). */

/** The built CLI (`dist/cli.js`), as `stereos-server` runs it. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A CLI child process, started or not. */
export interface CliRun {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
}

/** A CLI child process that printed its banner: it listens. */
export interface CliProcess extends CliRun {
  /** Where it listens, on loopback, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** The port it listens on. */
  port: number;
}

/** How `startCli` runs the CLI. */
export interface StartCliOptions {
  /** The CLI's own arguments; by default a free port on 127.0.0.1 (`--port 0 --host 127.0.0.1`). */
  args?: string[];
  /** Arguments for Node, before the script (`--expose-gc`, `-r …`). */
  nodeArgs?: string[];
  /** How long to wait for the banner (20 s by default). */
  timeoutMs?: number;
}

const LISTENING = /listening on http:\/\/[^:]+:(\d+)/;
// The banner's last line (`cli/banner.ts`): once it is out, the whole banner is.
const BANNER_END = 'OpenAPI document';

/**
 * Spawns the built CLI with `args` and only `env` (and PATH) as its environment, without waiting
 * for anything: for flags that exit (`--help`) and start-up errors.
 */
export function spawnCli(
  env: Record<string, string>,
  args: string[] = [],
  nodeArgs: string[] = [],
): CliRun {
  const child = spawn(process.execPath, [...nodeArgs, CLI_PATH, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
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
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/**
 * Starts the built CLI (on a free port of 127.0.0.1 unless `args` say otherwise) with only `env`
 * (and PATH) as its environment, and waits for its whole banner; killed if it never comes.
 */
export async function startCli(
  env: Record<string, string>,
  options: StartCliOptions = {},
): Promise<CliProcess> {
  const args = options.args ?? ['--port', '0', '--host', '127.0.0.1'];
  const run = spawnCli(env, args, options.nodeArgs);
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!run.output().stdout.includes(BANNER_END)) {
    if (Date.now() > deadline || run.child.exitCode !== null) {
      run.child.kill('SIGKILL');
      throw new Error(`The CLI did not start: ${run.output().stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(LISTENING.exec(run.output().stdout)?.[1]);
  return { ...run, url: `http://127.0.0.1:${port}`, port };
}
