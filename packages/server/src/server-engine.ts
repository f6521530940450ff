import {
  type BudgetAlerts,
  type BudgetStore,
  createBudgetGuard,
  createGatewayEngine,
  type GatewayEngine,
  type GatewayEventSink,
  type PriceTable,
} from '@stereos/core';
import type { ServerConfig } from './config/load-config';

/** What the app already built that the engine uses. */
export interface ServerEngineDeps {
  sinks: readonly GatewayEventSink[];
  /** Where the global budget (`STEREOS_BUDGET_*`) is kept. */
  budgets: BudgetStore;
  fetch?: typeof fetch | undefined;
  prices?: PriceTable | undefined;
  alerts?: BudgetAlerts | undefined;
}

/**
 * The server's one call engine, shared by every face (chat, messages, embeddings, the OpenAI
 * endpoints, responses): the config's providers, retries, timeout, caps and routes, the price
 * table, the event sinks and one global budget guard, so every call is governed and recorded
 * alike.
 */
export function createServerEngine(config: ServerConfig, deps: ServerEngineDeps): GatewayEngine {
  const { policy } = config;
  return createGatewayEngine({
    providers: config.providers,
    retry: config.retry,
    timeoutMs: config.requestTimeoutMs,
    sinks: deps.sinks,
    fetch: deps.fetch,
    gatewayName: 'server',
    budget:
      policy.budget &&
      createBudgetGuard(
        { ...policy.budget, store: deps.budgets, alerts: deps.alerts },
        deps.prices,
      ),
    prices: deps.prices,
    limits: policy.limits,
    maxResponseBytes: policy.maxResponseBytes,
    routes: policy.routes,
  });
}
