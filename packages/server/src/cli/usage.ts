import { CONFIG_DEFAULTS } from '../config/load-config';

/** `stereos-server --help`: the flags and the environment variables people reach for first. */
export function usage(): string {
  const d = CONFIG_DEFAULTS;
  return `Usage: stereos-server [options]
       stereos-server keys <create|list|revoke|rotate> [options]   (see keys --help)

Stereos: an OpenAI-compatible AI gateway (POST /v1/chat/completions, GET /v1/models).

Options:
  --port <n>      Port to listen on; overrides PORT (default ${d.PORT}; 0 picks a free port)
  --host <h>      Address to bind; overrides HOST (default ${d.HOST})
  -h, --help      Print this help and exit
  -v, --version   Print the version and exit

Environment:
  PORT, HOST                  As --port and --host (PORT: 1-65535)
  GATEWAY_API_KEYS            Comma-separated gateway keys: callers must send one, and
                              provider keys come from the *_API_KEY variables
  STEREOS_ALLOW_ANONYMOUS     Without GATEWAY_API_KEYS, let requests with no key use the
                              *_API_KEY variables (default false: they get 401)
  OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, GROQ_API_KEY, …
                              Provider keys; *_BASE_URL overrides a provider's base URL
  REQUEST_TIMEOUT_SECS        Per-attempt upstream timeout (default ${d.REQUEST_TIMEOUT_SECS})
  UPSTREAM_MAX_RETRIES        Retries per model after the first attempt (default ${d.UPSTREAM_MAX_RETRIES})
  MAX_BODY_BYTES              Largest request body (default ${d.MAX_BODY_BYTES})
  LOG_EVENTS                  One JSON line per usage event on stdout (default ${d.LOG_EVENTS})
  STEREOS_MASTER_KEY          Admin key: /admin/keys (virtual keys), all usage, /metrics;
                              turns gateway mode on
  STEREOS_KEY_CACHE_TTL_SECS  How long a virtual key lookup is trusted (default ${d.STEREOS_KEY_CACHE_TTL_SECS})
  STEREOS_CACHE_MAX_BYTES     Bound of the in-memory response cache (default ${d.STEREOS_CACHE_MAX_BYTES})
  DATABASE_URL, REDIS_URL     PostgreSQL and Redis for many instances (default: embedded SQLite)
  STEREOS_DATA_DIR            Folder of the embedded SQLite file (default ./.stereos)
  STEREOS_BUDGET_USD          A spending limit (with _PERIOD, _SCOPE, _UNPRICED, _ALERT_PERCENT)
  STEREOS_ROUTES              Models through gateways, e.g. claude*=vercel,*=cloudflare
  STEREOS_DASHBOARD           The web dashboard at /dashboard (default true)
  OTEL_EXPORTER_OTLP_ENDPOINT Export traces over OTLP/HTTP

Without GATEWAY_API_KEYS the server is in passthrough mode: the caller's key is sent
upstream as the provider key. Full reference: docs/server.md.`;
}
