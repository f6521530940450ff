export { type AppDeps, createApp, type StereosApp } from './app';
export type { AppEnv, AppVariables } from './app-env';
export type { AuthContext, AuthMode } from './auth/auth-context';
export { extractApiKey, KEY_HEADERS } from './auth/extract-api-key';
export {
  chainKeyResolvers,
  createStaticKeyResolver,
  type KeyResolver,
  type ResolvedKey,
} from './auth/key-resolver';
export { ConfigError } from './config/config-error';
export { CONFIG_DEFAULTS, type Env, loadConfig, type ServerConfig } from './config/load-config';
export { ApiError } from './errors/api-error';
export { createLogSink } from './events/log-sink';
export { createMemoryEventSink, type MemoryEventSink } from './events/memory-sink';
export { createEmbeddedStores, type ServerStores } from './stores/server-stores';
export type {
  CachedAnswer,
  EventLedger,
  KeyStore,
  RateLimiter,
  RateLimitResult,
  ResponseCache,
  StoreSet,
  UsageGroup,
  UsageQuery,
  UsageRow,
  VirtualKeyInput,
  VirtualKeyRecord,
} from './stores/store-contracts';
