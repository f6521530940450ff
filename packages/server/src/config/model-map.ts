import { modelIdProblem, routeModel } from '@stereos/core';
import { globToRegExp } from '../policy/model-globs';
import { ConfigError } from './config-error';

/** One `from=to` rule of `STEREOS_MODEL_MAP`. */
export interface ModelMapping {
  /** A model id as clients send it, or a glob (`claude-sonnet-4-5*`, `claude-*`). */
  from: string;
  /** The model served instead, routed as any model is (`gpt-4o-mini`, `groq/llama-…`). */
  to: string;
}

/** `STEREOS_MODEL_MAP`, parsed: exact ids first, then globs in the order given. */
export type ModelMap = readonly ModelMapping[];

/** Most rules accepted (a map is a short list, not a catalog). */
export const MAX_MODEL_MAP_RULES = 64;

const VARIABLE = 'STEREOS_MODEL_MAP';

/**
 * Parses `STEREOS_MODEL_MAP`: comma-separated `from=to` rules, e.g.
 * `claude-sonnet-4-5*=gpt-4o-mini,claude-haiku-4-5*=groq/llama-3.3-70b-versatile`, so the model
 * ids an Anthropic client (Claude Code) sends can be served by another provider. `from` may use
 * `*` (any run of characters) and `?`; `to` must be a model id the gateway can route. Unset →
 * no mapping. A bad rule throws `ConfigError` naming it.
 */
export function parseModelMap(value: string | undefined): ModelMap {
  if (value === undefined) return [];
  const rules = value
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean);
  if (rules.length > MAX_MODEL_MAP_RULES) {
    throw invalid(`expected at most ${MAX_MODEL_MAP_RULES} rules; got ${rules.length}`);
  }
  const seen = new Set<string>();
  const map = rules.map((rule): ModelMapping => {
    const eq = rule.indexOf('=');
    const from = rule.slice(0, eq).trim();
    const to = rule.slice(eq + 1).trim();
    if (eq < 0 || !from || !to) throw invalid(`expected from=to, got '${quote(rule)}'`);
    for (const id of [from, to]) {
      const problem = modelIdProblem(id);
      if (problem) throw invalid(`'${quote(id)}' ${problem}`);
    }
    if (to.includes('*') || to.includes('?'))
      throw invalid(`'${quote(to)}': a target is one model`);
    try {
      routeModel(to);
    } catch (error) {
      throw invalid(`'${quote(to)}': ${error instanceof Error ? error.message : String(error)}`);
    }
    if (seen.has(from)) throw invalid(`'${quote(from)}' is mapped twice`);
    seen.add(from);
    return { from, to };
  });
  const isGlob = (m: ModelMapping) => m.from.includes('*') || m.from.includes('?');
  return [...map.filter((m) => !isGlob(m)), ...map.filter(isGlob)];
}

/** The model to serve for `model`: its mapping's target, else `model` itself. */
export function mapModel(map: ModelMap, model: string): string {
  for (const { from, to } of map) {
    if (from === model || globToRegExp(from).test(model)) return to;
  }
  return model;
}

function invalid(detail: string): ConfigError {
  return new ConfigError(
    VARIABLE,
    `Invalid ${VARIABLE}: ${detail} (e.g. claude-sonnet-4-5*=gpt-4o-mini,claude-haiku-4-5*=groq/llama-3.3-70b-versatile).`,
  );
}

/** Model ids quoted in a config error: bounded (a typo can be long). */
function quote(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
