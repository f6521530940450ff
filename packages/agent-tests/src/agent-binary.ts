import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** An agent CLI found in node_modules, or why it cannot run here. */
export type AgentBinary = { path: string; version: string } | { skip: string };

/** Where an agent's npm package keeps its native binary, per platform. */
interface AgentPackage {
  /** The package the user installs (`@anthropic-ai/claude-code`, `opencode-ai`). */
  name: string;
  /** Its optional dependency for this platform, e.g. `opencode-linux-x64`. */
  platformPackage: (platform: string, arch: string) => string;
  /** The binary inside the platform package. */
  file: string;
}

/** `@anthropic-ai/claude-code` ships `claude` in `@anthropic-ai/claude-code-<os>-<arch>`. */
export const CLAUDE_CODE: AgentPackage = {
  name: '@anthropic-ai/claude-code',
  platformPackage: (platform, arch) => `@anthropic-ai/claude-code-${platform}-${arch}`,
  file: process.platform === 'win32' ? 'claude.exe' : 'claude',
};

/** `opencode-ai` ships `bin/opencode` in `opencode-<os>-<arch>` (`windows`, not `win32`). */
export const OPENCODE: AgentPackage = {
  name: 'opencode-ai',
  platformPackage: (platform, arch) =>
    `opencode-${platform === 'win32' ? 'windows' : platform}-${arch}`,
  file: process.platform === 'win32' ? 'bin/opencode.exe' : 'bin/opencode',
};

/**
 * The agent's native binary, resolved from its platform package (an optional dependency of the
 * package the user installs). pnpm does not run the packages' postinstall scripts (which only
 * copy that binary over the package's `bin` placeholder), so the binary is run from where npm
 * put it. Checked with `--version`: a platform without a build, or a binary that cannot start
 * here, is a skip with the reason, not a failure.
 */
export function findAgentBinary(pkg: AgentPackage): AgentBinary {
  const platformPackage = pkg.platformPackage(process.platform, process.arch);
  let path: string;
  try {
    const fromAgent = createRequire(require.resolve(`${pkg.name}/package.json`));
    path = join(dirname(fromAgent.resolve(`${platformPackage}/package.json`)), pkg.file);
  } catch {
    return { skip: `${platformPackage} is not installed (no ${pkg.name} build for this platform)` };
  }
  if (!existsSync(path)) return { skip: `${path} is missing` };
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) {
    return { skip: `${path} --version failed here: ${run.error?.message ?? run.stderr.trim()}` };
  }
  return { path, version: run.stdout.trim() };
}
