import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Checks the built package (`pnpm --filter @stereos/ai build` first): `@ai-sdk/gateway` is
// loaded only by `@stereos/ai/vercel`, never by the root entry.
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** Bare module specifiers imported by an ES module file and the local chunks it loads. */
function bareImports(entry: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier));
      else found.add(specifier);
    }
  };
  visit(join(dist, entry));
  return found;
}

describe('built @stereos/ai', () => {
  it('does not import @ai-sdk/gateway from the root entry', () => {
    expect(existsSync(join(dist, 'index.js')), 'build @stereos/ai first').toBe(true);
    const imports = bareImports('index.js');
    expect(imports.has('@stereos/core')).toBe(true);
    expect([...imports].filter((s) => s.startsWith('@ai-sdk/gateway'))).toEqual([]);
  });

  it('imports @ai-sdk/gateway from @stereos/ai/vercel', () => {
    expect(bareImports('vercel.js').has('@ai-sdk/gateway')).toBe(true);
  });
});
