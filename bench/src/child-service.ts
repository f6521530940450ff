import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** A server running in its own process, so it never shares an event loop with the load generator. */
export interface ChildService {
  url: string;
  /** The child's process id (to read its memory and CPU time from `/proc`). */
  pid: number;
  /** What else the child said when it started (e.g. a key to call it with). */
  info: Record<string, string>;
  close(): Promise<void>;
}

/** How to start a child besides its environment. */
export interface ChildOptions {
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

const START_TIMEOUT_MS = 15_000;

/**
 * Runs a TypeScript entry of this package in a child process and resolves with the URL it
 * reports with `announce`. The entry is compiled to plain JavaScript first (`bench/dist`,
 * packages left as imports): a TypeScript loader in the child would add its own memory and CPU
 * to what is measured. The child's stdout goes to /dev/null: a server logging a line per
 * request must not make the bench process read those lines. stderr is inherited so a crash
 * is visible.
 */
export async function startTsChild(
  name: string,
  file: string,
  env: Record<string, string> = {},
  options: ChildOptions = {},
): Promise<ChildService> {
  const script = await compiled(file);
  const args = [...(options.nodeArgs ?? []), script];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: { url?: string; info?: Record<string, string> }) => {
      if (typeof message?.url !== 'string') return;
      clearTimeout(timer);
      const info = message.info ?? {};
      resolve({ url: message.url, pid: child.pid ?? 0, info, close: () => stop(child) });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before listening`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const builds = new Map<string, Promise<string>>();

/** `file` (relative to this folder) bundled alone into `bench/dist/<name>.mjs`, once per run. */
function compiled(file: string): Promise<string> {
  let done = builds.get(file);
  if (!done) {
    const entry = fileURLToPath(new URL(file, import.meta.url));
    const outfile = fileURLToPath(
      new URL(`../dist/${file.replace(/^.*\/|\.ts$/g, '')}.mjs`, import.meta.url),
    );
    done = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'error',
    }).then(() => outfile);
    builds.set(file, done);
  }
  return done;
}

/** The fake upstream (see `fake-upstream-child.ts`) in its own process, on a free port. */
export function startFakeUpstreamProcess(): Promise<ChildService> {
  return startTsChild('fake upstream', './fake-upstream-child.ts');
}

/** Called by a child entry once it listens: tells the parent its URL, stops on SIGTERM. */
export function announce(
  url: string,
  close: () => Promise<void> | void,
  info: Record<string, string> = {},
): void {
  process.send?.({ url, info });
  process.once('SIGTERM', () => {
    void Promise.resolve(close()).then(() => process.exit(0));
  });
}
