import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs against the built package (the monorepo's test task builds it first).
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');

/** Every module a built ESM file loads, following relative imports (shared chunks). */
function esmGraph(entry: string): { files: string[]; specifiers: string[] } {
  const files: string[] = [];
  const specifiers = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (specifier?.startsWith('.')) visit(join(dirname(file), specifier));
      else if (specifier) specifiers.add(specifier);
    }
  };
  visit(join(dist, entry));
  return { files, specifiers: [...specifiers] };
}

describe('@stereos/ai entry points', () => {
  it('is built (run `pnpm --filter @stereos/ai build` first)', () => {
    expect(existsSync(join(dist, 'index.js'))).toBe(true);
  });

  it('the root entry (ESM) never imports ai-gateway-provider; the cloudflare entry does', () => {
    const root = esmGraph('index.js');
    expect(root.files.length).toBeGreaterThan(1);
    expect(root.specifiers.filter((s) => s.startsWith('ai-gateway-provider'))).toEqual([]);
    expect(esmGraph('cloudflare.js').specifiers).toEqual(
      expect.arrayContaining(['ai-gateway-provider', 'ai-gateway-provider/providers/unified']),
    );
  });

  it('requiring the root entry (CJS) loads no ai-gateway-provider module', () => {
    const script = (entry: string) =>
      `require(${JSON.stringify(join(dist, entry))});` +
      'process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes("ai-gateway-provider")).length))';
    const loaded = (entry: string) =>
      Number(execFileSync(process.execPath, ['-e', script(entry)], { encoding: 'utf8' }));
    expect(loaded('index.cjs')).toBe(0);
    expect(loaded('cloudflare.cjs')).toBeGreaterThan(0);
  });
});
