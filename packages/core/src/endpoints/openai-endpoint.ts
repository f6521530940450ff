import { type OpenAIEndpoint, PROVIDERS, type ProviderSpec } from '../catalog/providers';
import type { ChatTarget } from '../chat/chat-targets';
import { InvalidRequestError } from '../errors/invalid-request-error';

/**
 * One OpenAI-wire route beside chat completions: which capability of `ProviderSpec.endpoints` it
 * needs, the `GatewayEvent.operation` it records, and its path after the version segment.
 */
export interface EndpointKind {
  endpoint: OpenAIEndpoint;
  operation: string;
  /** e.g. `/images/generations`; the public route is `/v1` + this. */
  path: string;
}

/** The routes served through the endpoint gateway (responses has its own face). */
export const ENDPOINT_KINDS = {
  embeddings: { endpoint: 'embeddings', operation: 'embeddings', path: '/embeddings' },
  images: { endpoint: 'images', operation: 'images', path: '/images/generations' },
  // Same capability and event operation as generations: the providers serve both together.
  imageEdits: { endpoint: 'images', operation: 'images', path: '/images/edits' },
  transcriptions: {
    endpoint: 'transcriptions',
    operation: 'transcriptions',
    path: '/audio/transcriptions',
  },
  // Same capability and event operation as transcriptions: the providers serve both together.
  translations: {
    endpoint: 'transcriptions',
    operation: 'transcriptions',
    path: '/audio/translations',
  },
  speech: { endpoint: 'speech', operation: 'speech', path: '/audio/speech' },
  moderations: { endpoint: 'moderations', operation: 'moderations', path: '/moderations' },
} as const satisfies Record<string, EndpointKind>;

/**
 * A route of an OpenAI-wire provider lives beside its chat endpoint: `/v1/chat/completions` →
 * `/v1/images/generations`, `/chat/completions` → `/audio/speech` (bases ending in a version).
 */
export function endpointPath(provider: ProviderSpec, kind: EndpointKind): string {
  return provider.chatPath.replace(/\/chat\/completions$/, kind.path);
}

/**
 * A target whose provider does not serve the route (its `endpoints` list says so) is refused
 * with a 400 naming the provider and the route, before any upstream call.
 */
export function checkEndpoint(kind: EndpointKind): (target: ChatTarget) => void {
  return (target) => {
    const { provider } = target;
    if (provider.wire === 'openai' && provider.endpoints.includes(kind.endpoint)) return;
    const served = providersServing(kind.endpoint);
    throw new InvalidRequestError({
      code: 'unsupported_endpoint',
      param: 'model',
      message:
        `Provider ${provider.id} has no ${kind.endpoint} endpoint (POST /v1${kind.path}): ` +
        `'${target.requestedModel}' cannot be served there. ` +
        (served.length > 0
          ? `Use a model of a provider that serves it (${served.join(', ')}).`
          : 'No provider serves it.'),
    });
  };
}

function providersServing(endpoint: OpenAIEndpoint): string[] {
  return PROVIDERS.flatMap((p) => (p.endpoints.includes(endpoint) ? [p.id] : []));
}
