import { routeModel } from '@stereos/core';

/** Compiled globs, by source (a key's globs repeat on every request). Bounded. */
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1024;

/**
 * A glob as a regular expression: `*` is any run of characters (`/` included), `?` any one
 * character, everything else literal. Case-sensitive, like model ids upstream.
 */
export function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re) return re;
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  re = new RegExp(`^${source}$`, 's');
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(glob, re);
  return re;
}

/**
 * Whether `model` is allowed by `globs` (all models when `globs` is undefined). A glob may name
 * the model as sent (`gpt-4o*`) or as routed (`openai/*` also allows `gpt-4o`, which routes to
 * OpenAI). `openai/gpt-4o` is the very call `gpt-4o` makes, so `gpt-4o*` allows it too; but
 * `openrouter/gpt-4o` (another provider) needs a glob of its own.
 */
export function modelAllowed(globs: readonly string[] | undefined, model: string): boolean {
  if (globs === undefined) return true;
  const candidates = candidatesOf(model);
  return globs.some((glob) => {
    const re = globToRegExp(glob);
    return candidates.some((candidate) => re.test(candidate));
  });
}

function candidatesOf(model: string): string[] {
  const candidates = [model];
  const routed = tryRoute(model);
  if (!routed) return candidates;
  candidates.push(`${routed.provider.id}/${routed.upstreamModel}`);
  if (routed.forced) {
    const bare = tryRoute(routed.upstreamModel);
    if (bare && !bare.forced && bare.provider.id === routed.provider.id) {
      candidates.push(routed.upstreamModel);
    }
  }
  return candidates;
}

function tryRoute(model: string) {
  try {
    return routeModel(model);
  } catch {
    return undefined; // unknown prefix: core refuses it later; only the id as sent can match
  }
}
