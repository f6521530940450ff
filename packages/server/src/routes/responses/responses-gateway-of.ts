import {
  type BudgetAlerts,
  createBudgetGuard,
  createResponsesGateway,
  type GatewayEventSink,
  type PriceTable,
  type ResponsesGateway,
} from '@stereos/core';
import type { ServerConfig } from '../../config/load-config';
import type { ServerStores } from '../../stores/server-stores';

/** What the app already built that Responses calls share with chat calls. */
export interface ResponsesDeps {
  sinks: readonly GatewayEventSink[];
  stores: ServerStores;
  fetch?: typeof fetch | undefined;
  prices?: PriceTable | undefined;
  alerts?: BudgetAlerts | undefined;
}

/**
 * Core's Responses gateway with the chat gateway's settings: the same providers, retries,
 * timeout, caps, price table, event sinks and global budget (same store, same alerts), so a
 * Responses call is governed and recorded exactly as a chat call.
 */
export function responsesGatewayOf(config: ServerConfig, deps: ResponsesDeps): ResponsesGateway {
  const { policy } = config;
  return createResponsesGateway({
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
  });
}
