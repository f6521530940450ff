import { configuredProviders } from '@stereos/core';
import type { AuthMode } from '../auth/auth-context';
import type { ServerConfig } from '../config/load-config';

/** What the start-up banner needs to know. */
export interface BannerInput {
  config: ServerConfig;
  authMode: AuthMode;
  /** The address actually bound (after DNS), e.g. `127.0.0.1`, `::`. */
  address: string;
  port: number;
}

/** Lines for stdout: where the server listens, the auth mode, the providers with keys. */
export function bannerLines({ config, authMode, address, port }: BannerInput): string[] {
  const shown = isWildcard(address) ? 'localhost' : config.host;
  const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  const keyed = configuredProviders(config.providers);
  return [
    `Stereos gateway listening on ${base} (bound to ${address})`,
    `Auth: ${authModeLine(config, authMode)}`,
    `Providers with keys: ${keyed.length > 0 ? keyed.join(', ') : 'none'}`,
    `OpenAPI document: ${base}/doc`,
  ];
}

/**
 * A warning for stderr when anyone on the network can use the gateway without a gateway key:
 * bound beyond loopback in passthrough mode. `undefined` when there is nothing to warn about.
 */
export function exposureWarning({ config, authMode, address }: BannerInput): string | undefined {
  if (authMode === 'gateway' || isLoopback(address)) return undefined;
  const risk = config.allowAnonymous
    ? "can spend this server's provider keys without any key (STEREOS_ALLOW_ANONYMOUS=true)"
    : 'can relay requests through it';
  return (
    `WARNING: bound to ${address}, reachable from other machines, without GATEWAY_API_KEYS: ` +
    `anyone who can reach this port ${risk}. ` +
    'Set GATEWAY_API_KEYS, or HOST=127.0.0.1 (--host 127.0.0.1) for local use only.'
  );
}

function authModeLine(config: ServerConfig, authMode: AuthMode): string {
  if (authMode === 'gateway') {
    const count = config.gatewayApiKeys.length;
    const from = count > 0 ? `${count} from GATEWAY_API_KEYS` : 'from the key store';
    return `gateway keys (${from}); provider keys from env`;
  }
  if (config.allowAnonymous) {
    return (
      'passthrough with anonymous env-key use allowed (STEREOS_ALLOW_ANONYMOUS=true): ' +
      'a caller key is sent as the provider key; requests without one use the env keys'
    );
  }
  return (
    'passthrough (no GATEWAY_API_KEYS): the caller key is sent as the provider key; ' +
    'requests without a key get 401'
  );
}

function isWildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x: only this machine can connect. */
export function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}
