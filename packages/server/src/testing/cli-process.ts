import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Test-only (not exported from the package). */

/** The built CLI (`dist/cli.js`), as `stereos-server` runs it. */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** A running CLI child process. */
export interface CliProcess {
  child: ChildProcess;
  /** Where it listens, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
}

/**
 * Starts the built CLI on a free port of 127.0.0.1 with only `env` (and PATH) as its environment,
 * and waits for its banner. `nodeArgs` go to Node before the script (`--expose-gc`, `-r …`).
 */
export async function startCli(
  env: Record<string, string>,
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<CliProcess> {
  const args = [...(options.nodeArgs ?? []), CLI_PATH, '--port', '0', '--host', '127.0.0.1'];
  const child = spawn(process.execPath, args, {
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
  const banner = /listening on http:\/\/[^:]+:(\d+)/;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!banner.test(stdout)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`The CLI did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    url: `http://127.0.0.1:${banner.exec(stdout)![1]}`,
    exited,
    output: () => ({ stdout, stderr }),
  };
}
