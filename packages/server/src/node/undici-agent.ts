import type { Dispatcher, Agent as UndiciAgent } from 'undici';
import requestOf from 'undici/lib/api/api-request.js';
import AgentClass from 'undici/lib/dispatcher/agent.js';

/**
 * undici's `Agent` and its `request`, loaded without undici's index. The index loads all of undici
 * (fetch, WebSocket, EventSource, the cache and mock agents: 5 MB of heap and 9 MB of RSS in a
 * fresh process, measured) to give the two pieces the upstream transport uses; these two files
 * and what they require load 1.8 MB. The paths are undici's own (its package has no `exports`
 * map); the version is pinned in package.json, and the transport's tests run through them.
 */
export type { UndiciAgent };

export function createAgent(options: UndiciAgent.Options): UndiciAgent {
  return new AgentClass(options);
}

/** `Dispatcher#request` (the index mixes it into every dispatcher; here it is called as one). */
export function agentRequest(
  agent: UndiciAgent,
  options: Dispatcher.RequestOptions,
): Promise<Dispatcher.ResponseData> {
  return requestOf.call(agent, options);
}
