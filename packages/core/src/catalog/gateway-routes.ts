import { InvalidRequestError } from '../errors/invalid-request-error';
import { getProvider, type ProviderSpec } from './providers';
import type { RouteResult } from './route-model';

/** Where a routed model is sent: the provider itself, or through a gateway. */
export type GatewayVia = 'direct' | 'vercel' | 'cloudflare';

/** One rule of a route setting: models matching `pattern` go `via` a gateway. */
export interface GatewayRoute {
  /** A glob on the requested model id: `*` matches any run of characters. */
  pattern: string;
  via: GatewayVia;
}

const VIAS = new Set<GatewayVia>(['direct', 'vercel', 'cloudflare']);

/**
 * Parses a route setting such as `claude*=vercel,*=cloudflare`: comma-separated `glob=via`
 * rules, the first match wins, models no rule matches go direct. Throws on a malformed rule.
 */
export function parseGatewayRoutes(text: string): GatewayRoute[] {
  return text
    .split(',')
    .map((rule) => rule.trim())
    .filter(Boolean)
    .map((rule) => {
      const [pattern, via] = rule.split('=').map((part) => part.trim());
      if (!pattern || !via || !VIAS.has(via as GatewayVia)) {
        throw new InvalidRequestError({
          code: 'invalid_route',
          message: `Invalid route '${rule}': expected glob=direct|vercel|cloudflare, e.g. claude*=vercel`,
        });
      }
      return { pattern, via: via as GatewayVia };
    });
}

/** The gateway a requested model goes through under `routes` (first match), else `direct`. */
export function gatewayFor(routes: readonly GatewayRoute[], model: string): GatewayVia {
  for (const route of routes) if (globMatch(route.pattern, model)) return route.via;
  return 'direct';
}

/**
 * A route sent through a gateway: the gateway is the provider called, and the model becomes the
 * gateway's `provider/model` id (`claude-sonnet-4-5` → `anthropic/claude-sonnet-4-5`). A
 * provider the gateway does not serve stays direct; so does a model already forced to a gateway.
 */
export function throughGateway(route: RouteResult, via: GatewayVia): RouteResult {
  if (via === 'direct' || route.provider.id === via) return route;
  const slug = route.provider.gatewaySlugs?.[via];
  if (!slug) return route;
  const gateway = getProvider(via) as ProviderSpec;
  return { provider: gateway, upstreamModel: `${slug}/${route.upstreamModel}`, forced: true };
}

function globMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === text;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found === -1) return false;
    at = found + middle.length;
  }
  return at <= text.length - last.length;
}
