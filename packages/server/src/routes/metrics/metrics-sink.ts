import type { GatewayEvent, GatewayEventSink } from '@stereos/core';
import { Counter, Histogram, Registry } from 'prom-client';

/** Distinct label values kept per label (model ids come from requests: cardinality is capped). */
const MAX_LABEL_VALUES = 200;
/** The label value past the cap, and for events without a provider or model (refusals). */
const OTHER = 'other';
const NONE = 'none';

/** Latency buckets in seconds: from a cache hit to a long generation. */
const LATENCY_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Prometheus metrics of the gateway's calls, fed by its event sink. */
export interface GatewayMetrics {
  /** Pass to the gateway's sinks: a few counter increments per event, nothing else. */
  readonly sink: GatewayEventSink;
  /** Registry of these metrics (its own, so apps in one process never share counters). */
  readonly registry: Registry;
  /**
   * Counts a request Node's HTTP parser refused before the app saw it (malformed request line,
   * oversized headers): no call was named, so it is a counter, not a ledger event.
   */
  readonly countRefusal: (refusal: { status: number; code: string }) => void;
}

/**
 * Metrics in Prometheus' data model (https://prometheus.io/docs/concepts/data_model/) named
 * per its conventions (https://prometheus.io/docs/practices/naming/): `_total` counters, a
 * `_seconds` histogram, labels `provider`, `model`, `status`. Every value is derived from the
 * call's `GatewayEvent`, so `/metrics` agrees with the ledger.
 */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const labelNames = ['provider', 'model', 'status'] as const;
  const requests = new Counter({
    name: 'stereos_requests_total',
    help: 'Requests handled, by provider, model and outcome.',
    labelNames,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'stereos_request_errors_total',
    help: 'Requests that did not succeed (refusals and upstream failures), by outcome.',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'stereos_request_duration_seconds',
    help: 'Time from request to the last byte of the answer.',
    labelNames,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'stereos_tokens_total',
    help: 'Tokens used, by direction (input, output).',
    labelNames: ['provider', 'model', 'type'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'stereos_cost_usd_total',
    help: 'Cost in USD of the calls with a known price.',
    labelNames: ['provider', 'model'] as const,
    registers: [registry],
  });
  const cacheHits = new Counter({
    name: 'stereos_cache_hits_total',
    help: 'Answers served from a cache (this gateway or an upstream gateway).',
    labelNames: ['provider', 'model'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'stereos_http_refusals_total',
    help: 'Requests refused before routing (malformed, headers too large, no or bad Host), by code.',
    labelNames: ['status', 'code'] as const,
    registers: [registry],
  });
  const providers = boundedLabel();
  const models = boundedLabel();
  // Codes come from a fixed list (`clientErrorAnswer`), still capped like every label.
  const refusalCodes = boundedLabel();

  return {
    registry,
    countRefusal({ status, code }) {
      refusals.inc({ status: String(status), code: refusalCodes(code) });
    },
    sink(event: GatewayEvent) {
      const provider = providers(event.provider);
      const model = models(event.model);
      const labels = { provider, model, status: event.status };
      requests.inc(labels);
      if (event.status !== 'success') errors.inc(labels);
      latency.observe(labels, event.latencyMs / 1000);
      if (event.inputTokens > 0) tokens.inc({ provider, model, type: 'input' }, event.inputTokens);
      if (event.outputTokens > 0)
        tokens.inc({ provider, model, type: 'output' }, event.outputTokens);
      if (event.costUsd) cost.inc({ provider, model }, event.costUsd);
      if (event.cacheHit) cacheHits.inc({ provider, model });
    },
  };
}

/** Maps values to themselves until `MAX_LABEL_VALUES` distinct ones were seen, then to `other`. */
function boundedLabel(): (value: string | undefined) => string {
  const seen = new Set<string>();
  return (value) => {
    if (!value) return NONE;
    if (seen.has(value)) return value;
    if (seen.size >= MAX_LABEL_VALUES) return OTHER;
    seen.add(value);
    return value;
  };
}
