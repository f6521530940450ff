import { OpenAPIHono } from '@hono/zod-openapi';
import {
  type BudgetAlert,
  createBudgetAlerts,
  createChatGateway,
  createEmbeddingsGateway,
  createOpenAIEndpointsGateway,
  createPriceTable,
  createResponsesGateway,
  formatZodIssues,
  type GatewayEvent,
  type GatewayEventSink,
} from '@stereos/core';
import type { AppEnv } from './app-env';
import type { AuthMode } from './auth/auth-context';
import { authMiddleware } from './auth/auth-middleware';
import { chainKeyResolvers, createStaticKeyResolver, type KeyResolver } from './auth/key-resolver';
import { createMasterKey, type MasterKey } from './auth/master-key';
import { createVirtualKeyResolver, type VirtualKeyResolver } from './auth/virtual-key-resolver';
import type { ServerConfig } from './config/load-config';
import { createLiveEventFeed } from './dashboard/live-feed';
import { invalidRequest } from './errors/api-error';
import { createErrorHandler, notFoundHandler } from './errors/error-handlers';
import { ServerShutdownError } from './errors/server-shutdown-error';
import { createLogSink } from './events/log-sink';
import type { MemoryEventSink } from './events/memory-sink';
import { recordRejections } from './events/record-rejections';
import { createInflightCalls } from './http/inflight-calls';
import { requestIdMiddleware } from './http/request-id';
import { createKeyPolicy } from './policy/key-policy';
import { createChatResponseCache } from './response-cache/chat-response-cache';
import { adminAuth } from './routes/admin/admin-auth';
import { createAdminRoutes } from './routes/admin/admin-routes';
import { createChatRoutes } from './routes/chat/chat-routes';
import { createDashboardRoutes } from './routes/dashboard/dashboard-routes';
import { registerDoc } from './routes/doc/register-doc';
import { createEmbeddingsRoutes } from './routes/embeddings/embeddings-routes';
import { createHealthRoutes } from './routes/health/health-routes';
import { anthropicErrors } from './routes/messages/anthropic-errors';
import { createMessagesRoutes } from './routes/messages/messages-routes';
import { registerKeyBudgetGauge } from './routes/metrics/key-budget-gauge';
import { createMetricsRoutes } from './routes/metrics/metrics-routes';
import { createGatewayMetrics } from './routes/metrics/metrics-sink';
import { createModelsRoutes } from './routes/models/models-routes';
import { createOpenAIEndpointsRoutes } from './routes/openai-endpoints/openai-endpoints-routes';
import { createProvidersRoutes } from './routes/providers/providers-routes';
import { createResponsesRoutes } from './routes/responses/responses-routes';
import { createUsageRoutes } from './routes/usage/usage-routes';
import { createServerEngine } from './server-engine';
import { createEmbeddedStores, type ServerStores } from './stores/server-stores';

/** What `createApp` can be given besides the config (tests, embedding). */
export interface AppDeps {
  /** Fetch used for upstream calls; global `fetch` by default. */
  fetch?: typeof fetch;
  /** Extra event sinks (ledger, metrics), after the store's and the log's. */
  sinks?: GatewayEventSink[];
  /** Storage; the embedded in-memory default (sized by the config) when absent. */
  stores?: ServerStores;
  /** Where event log lines go (when `LOG_EVENTS` is on); `console.log` by default. */
  logLine?: (line: string) => void;
  /** Receives budget alerts (spend past `STEREOS_BUDGET_ALERT_PERCENT`), besides the log line. */
  onBudgetAlert?: (alert: BudgetAlert) => void;
}

/** The Stereos server app: a Hono app (`app.fetch`) plus what tests and the CLI need. */
export type StereosApp = OpenAPIHono<AppEnv> & {
  /** Recent `GatewayEvent`s, newest last (the store's event ledger). */
  readonly events: MemoryEventSink;
  /** `gateway` when keys are checked (GATEWAY_API_KEYS or STEREOS_MASTER_KEY), else `passthrough`. */
  readonly authMode: AuthMode;
  readonly stores: ServerStores;
  /** Chat calls in flight (on Node). */
  readonly inflightCalls: () => number;
  /**
   * Cuts every chat call still in flight after a shutdown grace period: streams end with an
   * error chunk, JSON calls answer 503, each is recorded. Returns how many were cut.
   */
  readonly cutInflightCalls: (graceMs: number) => number;
  /**
   * Counts a request the HTTP server refused before the app saw it (`serveNode` reports them):
   * `stereos_http_refusals_total` on `/metrics`.
   */
  readonly countRefusal: (refusal: { status: number; code: string }) => void;
};

/**
 * Creates the Stereos server: a web-standard fetch handler (`app.fetch`), so the same app runs
 * on Node (`stereos-server`), Workers and Bun. It only translates HTTP; every gateway decision
 * is core's call engine, through `createChatGateway`.
 */
export function createApp(config: ServerConfig, deps: AppDeps = {}): StereosApp {
  const stores = deps.stores ?? createEmbeddedStores({ cacheMaxBytes: config.cacheMaxBytes });
  const { policy } = config;
  const prices = policy.prices ? createPriceTable(policy.prices) : undefined;
  const alerts = budgetAlertsOf(policy.alertThreshold, deps);
  const keyPolicy = createKeyPolicy({
    rates: stores.rates,
    budgets: stores.budgets,
    prices,
    unpricedModels: policy.budget?.unpricedModels,
    alerts,
  });
  const metrics = createGatewayMetrics();
  registerKeyBudgetGauge(metrics.registry, stores);
  // The dashboard's Live page: a push to each watching page's bounded queue, nothing more.
  const liveEvents = createLiveEventFeed();
  // Counters and a ring buffer only: every sink here is cheap and never waits on a store.
  const sinks = [
    stores.events.sink,
    (event: GatewayEvent) => stores.ledger.record(event),
    metrics.sink,
    keyPolicy.sink,
    ...(config.logEvents ? [createLogSink(deps.logLine)] : []),
    ...(config.dashboard ? [liveEvents.publish] : []),
    ...(deps.sinks ?? []),
  ];
  // One engine (one budget guard, one recorder configuration) for every face below.
  const engine = createServerEngine(config, {
    sinks,
    budgets: stores.budgets,
    fetch: deps.fetch,
    prices,
    alerts,
  });
  const gateway = createChatGateway(engine);
  const masterKey = config.masterKey === undefined ? undefined : createMasterKey(config.masterKey);
  const virtualKeys = createVirtualKeyResolver(stores.keys, { ttlMs: config.keyCacheTtlMs });
  const resolver = keyResolverOf(config, masterKey, virtualKeys);
  const inflight = createInflightCalls();

  const app = new OpenAPIHono<AppEnv>({ defaultHook: throwValidationError });
  app.onError(createErrorHandler(configSecrets(config)));
  app.notFound(notFoundHandler);

  app.use(requestIdMiddleware());
  // Outermost on the call routes so it also sees 401 and 413 refusals.
  app.use('/v1/*', recordRejections(gateway));
  app.use('/v1/messages/*', anthropicErrors());
  app.use(
    '/v1/*',
    authMiddleware(resolver, { allowAnonymous: config.allowAnonymous, virtualKeys }),
  );
  app.use('/admin/*', adminAuth({ masterKey, keys: resolver ?? virtualKeys }));

  app.route('/', createHealthRoutes());
  app.route('/', createProvidersRoutes(config.providers));
  app.route(
    '/',
    createModelsRoutes({
      providers: config.providers,
      fetch: deps.fetch,
      timeoutMs: config.requestTimeoutMs,
      allowAnonymous: config.allowAnonymous,
    }),
  );
  // The chat route reads its body itself, refusing past MAX_BODY_BYTES (413) as it reads.
  app.route(
    '/',
    createChatRoutes(gateway, {
      maxBodyBytes: config.maxBodyBytes,
      allowAnonymous: config.allowAnonymous,
      inflight,
      policy: keyPolicy,
      cache: createChatResponseCache({
        cache: stores.cache,
        gateway,
        maxEntryBytes: Math.min(policy.maxResponseBytes, config.cacheMaxBytes),
      }),
    }),
  );
  const callDeps = { allowAnonymous: config.allowAnonymous, inflight, policy: keyPolicy };
  app.route(
    '/',
    createMessagesRoutes(gateway, {
      ...config,
      ...callDeps,
      gatewayRoutes: policy.routes.length > 0,
    }),
  );
  app.route('/', createEmbeddingsRoutes(createEmbeddingsGateway(engine), config, callDeps));
  const endpoints = createOpenAIEndpointsGateway({ ...engine, unitPrices: policy.unitPrices });
  for (const routes of createOpenAIEndpointsRoutes(endpoints, config, callDeps)) {
    app.route('/', routes);
  }
  app.route('/', createResponsesRoutes(createResponsesGateway(engine), config, callDeps));
  app.route('/', createUsageRoutes(stores.ledger));
  app.route('/', createAdminRoutes({ keys: stores.keys, onChange: virtualKeys.invalidate }));
  app.route('/', createMetricsRoutes(metrics, masterKey));
  app.route('/', createDashboardRoutes({ config, stores, liveEvents, app }));
  registerDoc(app);

  return Object.assign(app, {
    events: stores.events,
    authMode: resolver ? ('gateway' as const) : ('passthrough' as const),
    stores,
    inflightCalls: () => inflight.size,
    cutInflightCalls: (graceMs: number) => inflight.abortAll(new ServerShutdownError(graceMs)),
    countRefusal: metrics.countRefusal,
  });
}

/**
 * Gateway mode when the operator configured keys: GATEWAY_API_KEYS, or STEREOS_MASTER_KEY (which
 * hands out virtual keys). The master key, env keys and stored virtual keys then all resolve,
 * in that order. Without either → passthrough (stored virtual keys still work there, see
 * `authMiddleware`).
 */
function keyResolverOf(
  config: ServerConfig,
  masterKey: MasterKey | undefined,
  virtualKeys: VirtualKeyResolver,
): KeyResolver | undefined {
  if (config.gatewayApiKeys.length === 0 && !masterKey) return undefined;
  const resolvers: KeyResolver[] = [];
  if (masterKey) resolvers.push(masterKey);
  if (config.gatewayApiKeys.length > 0) {
    resolvers.push(createStaticKeyResolver(config.gatewayApiKeys));
  }
  resolvers.push(virtualKeys);
  return chainKeyResolvers(resolvers);
}

/** Every configured secret, redacted from anything logged. */
function configSecrets(config: ServerConfig): string[] {
  return [
    ...Object.values(config.providers).flatMap((p) => (p.apiKey ? [p.apiKey] : [])),
    ...config.gatewayApiKeys,
    ...(config.masterKey ? [config.masterKey] : []),
  ];
}

/** zod-openapi validation failures (query parameters) → 400 naming the field. */
function throwValidationError(result: { success: boolean; error?: unknown }): void {
  if (result.success) return;
  const error = result.error as Parameters<typeof formatZodIssues>[0];
  const param = error.issues[0]?.path.join('.') || undefined;
  throw invalidRequest(formatZodIssues(error), 'invalid_value', param);
}

/**
 * Budget alerts: a warning log line (and `onBudgetAlert`) once per budget scope and window when
 * its spend passes the threshold; off when the threshold is 0.
 */
function budgetAlertsOf(threshold: number, deps: AppDeps) {
  if (threshold <= 0) return undefined;
  const log = deps.logLine ?? ((line: string) => console.warn(line));
  return createBudgetAlerts({
    threshold,
    onAlert(alert) {
      log(JSON.stringify({ level: 'warn', msg: 'budget_alert', ...alert }));
      deps.onBudgetAlert?.(alert);
    },
  });
}
