import { spawn } from 'node:child_process';

/** What an agent run printed and how it ended. */
export interface AgentRun {
  stdout: string;
  stderr: string;
  /** Exit code; null when killed. */
  code: number | null;
  timedOut: boolean;
}

/** How to run an agent CLI once. */
export interface RunAgentOptions {
  cwd: string;
  /** The whole environment: nothing of the test process leaks in (keys, config, HOME). */
  env: Record<string, string>;
  /** Killed (its whole process group) past this; the run then reports `timedOut`. */
  timeoutMs: number;
}

/**
 * Runs `binary args…` with stdin closed, collecting its output. A hung agent is killed at the
 * time limit, with every process it started, so a test fails instead of hanging CI.
 */
export function runAgent(
  binary: string,
  args: string[],
  options: RunAgentOptions,
): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, timedOut });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // The child leads its own process group (detached): end it and whatever it started.
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
