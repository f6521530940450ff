import type { Behaviour } from './behaviour.js';
import type { BehaviourSource } from './behaviour-source.js';
import { failsStep, protocolFor, providerExchange } from './cloudflare-provider.js';
import type { Exchange } from './exchange.js';
import { openAiChat } from './openai-chat.js';
import { runBehaviour } from './run-behaviour.js';
import { sleep } from './sleep.js';

/** One provider step of a universal request. */
export interface UniversalStep {
  provider: string;
  endpoint: string;
  headers: Record<string, string>;
  query: unknown;
}

/**
 * Tries one universal step. Resolves `false` when it failed and a later step should be tried;
 * otherwise answers (the last step answers even when it fails) with `cf-aig-step: index`.
 * Provider-level headers (the step's) override request-level ones
 * (https://developers.cloudflare.com/ai-gateway/glossary/#configuration-hierarchy).
 */
export async function answerProviderStep(
  behaviours: BehaviourSource,
  exchange: Exchange,
  step: UniversalStep,
  index: number,
  last: boolean,
): Promise<boolean> {
  const upstream = providerExchange(exchange, {
    headers: { ...exchange.record.headers, ...step.headers },
    body: step.query,
    path: `/${step.provider}/${step.endpoint}`,
  });
  const protocol = protocolFor(step.endpoint);
  const behaviour: Behaviour = protocol
    ? behaviours.next(upstream.record)
    : { kind: 'error', status: 404, message: `Unknown endpoint ${step.provider}/${step.endpoint}` };
  if (!last && failsStep(behaviour)) {
    if (behaviour.kind === 'error') await sleep(behaviour.delayMs);
    return false;
  }
  exchange.res.setHeader('cf-aig-step', String(index));
  await runBehaviour(upstream, behaviour, protocol ?? openAiChat);
  return true;
}
