import type { BehaviourSource } from './behaviour-source.js';
import { sendCloudflareError } from './cloudflare-error.js';
import { answerProviderStep, type UniversalStep } from './cloudflare-step.js';
import type { Exchange } from './exchange.js';

/**
 * `POST /v1/{account}/{gateway}` with an array of steps (`{ provider, endpoint, headers, query }`):
 * each step is tried in order until one succeeds, and `cf-aig-step` says which one answered
 * (https://developers.cloudflare.com/ai-gateway/configuration/fallbacks/). When every step fails,
 * the last step's failure is the answer. Each step tried consumes one queued behaviour.
 */
export async function answerUniversal(behaviours: BehaviourSource, exchange: Exchange) {
  const steps = parseSteps(exchange.record.body);
  if (!steps) {
    const message =
      'The universal endpoint expects an array of {provider, endpoint, headers, query}';
    sendCloudflareError(exchange.res, 400, 2000, message);
    return;
  }
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    if (await answerProviderStep(behaviours, exchange, step, index, last)) return;
  }
}

function parseSteps(body: unknown): UniversalStep[] | undefined {
  if (!Array.isArray(body) || body.length === 0) return undefined;
  const steps: UniversalStep[] = [];
  for (const raw of body) {
    if (!raw || typeof raw !== 'object') return undefined;
    const { provider, endpoint, headers, query } = raw as Record<string, unknown>;
    if (typeof provider !== 'string' || typeof endpoint !== 'string') return undefined;
    if (!query || typeof query !== 'object') return undefined;
    steps.push({ provider, endpoint, headers: lowerCased(headers), query });
  }
  return steps;
}

function lowerCased(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
  }
  return out;
}
