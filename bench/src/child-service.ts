import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A server running in its own process, so it never shares an event loop with the load generator. */
export interface ChildService {
  url: string;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

/**
 * Runs a TypeScript entry of this package (through tsx) in a child process and resolves with the
 * URL it reports with `announce`. The child's stdout goes to /dev/null: a server logging a line
 * per request must not make the bench process read those lines. stderr is inherited so a crash
 * is visible.
 */
export function startTsChild(
  name: string,
  file: string,
  env: Record<string, string> = {},
): Promise<ChildService> {
  const script = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: { url?: string }) => {
      if (typeof message?.url !== 'string') return;
      clearTimeout(timer);
      resolve({ url: message.url, close: () => stop(child) });
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

/** The fake upstream (see `fake-upstream-child.ts`) in its own process, on a free port. */
export function startFakeUpstreamProcess(): Promise<ChildService> {
  return startTsChild('fake upstream', './fake-upstream-child.ts');
}

/** Called by a child entry once it listens: tells the parent its URL, stops on SIGTERM. */
export function announce(url: string, close: () => Promise<void> | void): void {
  process.send?.({ url });
  process.once('SIGTERM', () => {
    void Promise.resolve(close()).then(() => process.exit(0));
  });
}
