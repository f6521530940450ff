import {
  type BudgetAlerts,
  type ChatGatewayOptions,
  createBudgetGuard,
  createEmbeddingsGateway,
  type EmbeddingsGateway,
  type GatewayEventSink,
  type PriceTable,
} from '@stereos/core';
import type { ServerConfig } from '../../config/load-config';
import type { ServerStores } from '../../stores/server-stores';

/** What the app already built that embeddings calls share with chat calls. */
export interface EmbeddingsDeps {
  sinks: readonly GatewayEventSink[];
  stores: ServerStores;
  fetch?: typeof fetch | undefined;
  prices?: PriceTable | undefined;
  alerts?: BudgetAlerts | undefined;
}

/**
 * Core's embeddings gateway with the chat gateway's settings: the same providers, retries,
 * timeout, caps, price table, event sinks and global budget (same store, same alerts), so an
 * embeddings call is governed and recorded exactly as a chat call.
 */
export function embeddingsGatewayOf(config: ServerConfig, deps: EmbeddingsDeps): EmbeddingsGateway {
  return createEmbeddingsGateway(embeddingsGatewayOptions(config, deps));
}

/** The engine settings every server face beside chat shares with the chat gateway. */
export function embeddingsGatewayOptions(
  config: ServerConfig,
  deps: EmbeddingsDeps,
): ChatGatewayOptions {
  const { policy } = config;
  return {
    providers: config.providers,
    retry: config.retry,
    timeoutMs: config.requestTimeoutMs,
    sinks: deps.sinks,
    fetch: deps.fetch,
    gatewayName: 'server',
    budget:
      policy.budget &&
      createBudgetGuard(
        { ...policy.budget, store: deps.stores.budgets, alerts: deps.alerts },
        deps.prices,
      ),
    prices: deps.prices,
    limits: policy.limits,
    maxResponseBytes: policy.maxResponseBytes,
    routes: policy.routes,
  };
}
