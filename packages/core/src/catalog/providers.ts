/*
 * The provider table: where each upstream lives, how it authenticates, which env
 * variables configure it and which model prefixes route to it. Routing, config, upstream calls
 * and pricing all read this one table.
 */

/**
 * Every provider id, in table order.
 *
 * Seam: the Cloudflare AI Gateway upstream ('cloudflare') joins here later. Add its id to this
 * list and its spec to `PROVIDERS`; the `ProviderId` union, `getProvider`, routing
 * (`cloudflare/<model>`) and env config pick it up with no other change.
 */
export const PROVIDER_IDS = [
  'openai',
  'anthropic',
  'gemini',
  'kimi',
  'openrouter',
  'vercel',
  'groq',
  'deepseek',
  'xai',
  'mistral',
  'cohere',
  'azure',
  'bedrock',
  'vertex',
  'cloudflare',
] as const;

/** A provider Stereos can call. Derived from `PROVIDER_IDS` so the union grows with the table. */
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** The request/response dialect an upstream speaks. */
export type ProviderWire = 'openai' | 'anthropic';

/**
 * How the API key travels: `bearer` → `Authorization: Bearer <key>`, `x-api-key` →
 * `x-api-key: <key>` (Anthropic), `api-key` → `api-key: <key>` (Azure OpenAI).
 */
export type ProviderAuth = 'bearer' | 'x-api-key' | 'api-key' | 'cf-aig';

/**
 * How a provider reports token usage on a stream: `include_usage` → only when the request asks
 * with `stream_options.include_usage` (OpenAI's contract); `always` → on the last chunk without
 * being asked, and the provider rejects `stream_options` (Mistral answers 422 to it).
 */
export type StreamUsageMode = 'include_usage' | 'always';

/**
 * The OpenAI-wire endpoints beside chat completions. Each lives next to the provider's chat
 * path (`…/chat/completions` → `…/embeddings`, `…/images/generations`, `…/audio/speech`, …).
 */
export const OPENAI_ENDPOINTS = [
  'embeddings',
  'images',
  'transcriptions',
  'speech',
  'moderations',
  'responses',
] as const;

/** One OpenAI-wire endpoint beside chat completions. */
export type OpenAIEndpoint = (typeof OPENAI_ENDPOINTS)[number];

/** One row of the provider table. */
export interface ProviderSpec {
  /** Stable id, also the forcing prefix (`<id>/<model>`). */
  readonly id: ProviderId;
  /** Human-readable name. */
  readonly name: string;
  /** Base URL used when `baseUrlEnv` is unset. */
  readonly defaultBaseURL: string;
  /** Env variable overriding the base URL, e.g. `OPENAI_BASE_URL`. */
  readonly baseUrlEnv: string;
  /** Env variable holding the provider key, e.g. `OPENAI_API_KEY`. */
  readonly apiKeyEnv: string;
  /** Dialect of the chat endpoint. */
  readonly wire: ProviderWire;
  /** Chat endpoint path, appended to the base URL. */
  readonly chatPath: string;
  /** Model list endpoint path, appended to the base URL. */
  readonly modelsPath: string;
  /** Auth header style. */
  readonly auth: ProviderAuth;
  /**
   * Model prefixes that route here. Entries ending in `/` force the provider and are stripped
   * (`anthropic/claude-x` → `claude-x`); the others are name rules matched with `startsWith`
   * and kept (`claude-x` → `claude-x`).
   */
  readonly prefixes: readonly string[];
  /** When set, every request to this provider uses this upstream model (Kimi). */
  readonly forcedModel?: string;
  /** Headers always sent to this provider; they win over caller headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The OpenAI-wire endpoints the provider serves besides chat (its API reference says so);
   * a call routed to a provider without the endpoint is refused with a 400 before any upstream
   * call.
   */
  readonly endpoints: readonly OpenAIEndpoint[];
  /** Stream usage behaviour; `include_usage` when absent. */
  readonly streamUsage?: StreamUsageMode;
  /** Provider id in `@pydantic/genai-prices`, when it prices this provider's models. */
  readonly pricingProviderId?: string;
  /** API reference for the endpoint Stereos calls. */
  readonly docsUrl?: string;
  /**
   * The provider's name in a gateway's `provider/model` ids, when the gateway serves it:
   * Vercel AI Gateway's vendor slugs, Cloudflare AI Gateway's unified-API provider names.
   */
  readonly gatewaySlugs?: { readonly vercel?: string; readonly cloudflare?: string };
}

/** Bases that already end in a version segment take the bare OpenAI paths. */
const OPENAI_COMPAT_PATHS = { chatPath: '/chat/completions', modelsPath: '/models' } as const;

const TABLE: ProviderSpec[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    defaultBaseURL: 'https://api.openai.com',
    baseUrlEnv: 'OPENAI_BASE_URL',
    apiKeyEnv: 'OPENAI_API_KEY',
    wire: 'openai',
    chatPath: '/v1/chat/completions',
    modelsPath: '/v1/models',
    auth: 'bearer',
    gatewaySlugs: { vercel: 'openai', cloudflare: 'openai' },
    prefixes: ['openai/'],
    endpoints: ['embeddings', 'images', 'transcriptions', 'speech', 'moderations', 'responses'],
    pricingProviderId: 'openai',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    defaultBaseURL: 'https://api.anthropic.com',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    wire: 'anthropic',
    chatPath: '/v1/messages',
    modelsPath: '/v1/models',
    auth: 'x-api-key',
    gatewaySlugs: { vercel: 'anthropic', cloudflare: 'anthropic' },
    prefixes: ['anthropic/', 'claude'],
    endpoints: [],
    pricingProviderId: 'anthropic',
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
  },
  {
    id: 'gemini',
    name: 'Google Gemini',
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
    baseUrlEnv: 'GEMINI_BASE_URL',
    apiKeyEnv: 'GEMINI_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'google', cloudflare: 'google-ai-studio' },
    prefixes: ['gemini/', 'gemini'],
    // Embeddings and images (Imagen) on the OpenAI-compatible base: https://ai.google.dev/gemini-api/docs/openai
    endpoints: ['embeddings', 'images'],
    pricingProviderId: 'google',
    docsUrl: 'https://ai.google.dev/gemini-api/docs/openai',
  },
  {
    id: 'kimi',
    name: 'Kimi',
    defaultBaseURL: 'https://api.kimi.com/coding/v1',
    baseUrlEnv: 'KIMI_BASE_URL',
    apiKeyEnv: 'KIMI_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'moonshotai' },
    prefixes: ['kimi/', 'kimi'],
    endpoints: [],
    // Kimi's coding endpoint serves one model and only to its CLI's user agent.
    forcedModel: 'kimi-for-coding',
    headers: { 'User-Agent': 'KimiCLI/1.3' },
    pricingProviderId: 'moonshotai',
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    baseUrlEnv: 'OPENROUTER_BASE_URL',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { cloudflare: 'openrouter' },
    prefixes: ['openrouter/'],
    // https://openrouter.ai/docs/api_reference/embeddings; Responses is in beta:
    // https://openrouter.ai/docs/api_reference/responses/basic-usage
    endpoints: ['embeddings', 'responses'],
    pricingProviderId: 'openrouter',
    docsUrl: 'https://openrouter.ai/docs/api-reference/overview',
  },
  {
    id: 'vercel',
    name: 'Vercel AI Gateway',
    defaultBaseURL: 'https://ai-gateway.vercel.sh/v1',
    baseUrlEnv: 'VERCEL_AI_GATEWAY_BASE_URL',
    apiKeyEnv: 'VERCEL_AI_GATEWAY_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    prefixes: ['vercel/'],
    // https://vercel.com/docs/ai-gateway/sdks-and-apis/openai-chat-completions/embeddings,
    // https://vercel.com/docs/ai-gateway/image-generation/openai (`/v1/images/generations`),
    // https://vercel.com/docs/ai-gateway/sdks-and-apis/responses
    endpoints: ['embeddings', 'images', 'responses'],
    // No own price list: `creator/model` ids are priced as the creator's model.
    docsUrl: 'https://vercel.com/docs/ai-gateway/openai-compat',
  },
  {
    id: 'groq',
    name: 'Groq',
    defaultBaseURL: 'https://api.groq.com/openai/v1',
    baseUrlEnv: 'GROQ_BASE_URL',
    apiKeyEnv: 'GROQ_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'groq', cloudflare: 'groq' },
    prefixes: ['groq/'],
    // Whisper and TTS under /openai/v1/audio/*, Responses beside chat:
    // https://console.groq.com/docs/api-reference (no embeddings, images or moderations)
    endpoints: ['transcriptions', 'speech', 'responses'],
    pricingProviderId: 'groq',
    docsUrl: 'https://console.groq.com/docs/openai',
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    defaultBaseURL: 'https://api.deepseek.com/v1',
    baseUrlEnv: 'DEEPSEEK_BASE_URL',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'deepseek', cloudflare: 'deepseek' },
    prefixes: ['deepseek/'],
    endpoints: [],
    pricingProviderId: 'deepseek',
    docsUrl: 'https://api-docs.deepseek.com/',
  },
  {
    id: 'xai',
    name: 'xAI',
    defaultBaseURL: 'https://api.x.ai/v1',
    baseUrlEnv: 'XAI_BASE_URL',
    apiKeyEnv: 'XAI_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'xai', cloudflare: 'grok' },
    prefixes: ['xai/'],
    // /v1/images/generations and /v1/responses: https://docs.x.ai/api-reference
    endpoints: ['images', 'responses'],
    pricingProviderId: 'x-ai',
    docsUrl: 'https://docs.x.ai/docs/api-reference',
  },
  {
    id: 'mistral',
    name: 'Mistral',
    defaultBaseURL: 'https://api.mistral.ai/v1',
    baseUrlEnv: 'MISTRAL_BASE_URL',
    apiKeyEnv: 'MISTRAL_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'mistral', cloudflare: 'mistral' },
    prefixes: ['mistral/'],
    // /v1/embeddings and /v1/moderations: https://docs.mistral.ai/api/
    endpoints: ['embeddings', 'moderations'],
    streamUsage: 'always',
    pricingProviderId: 'mistral',
    docsUrl: 'https://docs.mistral.ai/api/',
  },
  {
    id: 'cohere',
    name: 'Cohere',
    defaultBaseURL: 'https://api.cohere.com/compatibility/v1',
    baseUrlEnv: 'COHERE_BASE_URL',
    apiKeyEnv: 'COHERE_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    auth: 'bearer',
    gatewaySlugs: { vercel: 'cohere', cloudflare: 'cohere' },
    prefixes: ['cohere/'],
    // Chat completions and embeddings only: https://docs.cohere.com/docs/compatibility-api
    endpoints: ['embeddings'],
    pricingProviderId: 'cohere',
    docsUrl: 'https://docs.cohere.com/docs/compatibility-api',
  },
  {
    id: 'azure',
    name: 'Azure OpenAI',
    defaultBaseURL: 'https://example-resource.openai.azure.com/openai/v1',
    baseUrlEnv: 'AZURE_OPENAI_BASE_URL',
    apiKeyEnv: 'AZURE_OPENAI_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    // The v1 API takes resource keys in `api-key`; Bearer is for Entra ID tokens.
    auth: 'api-key',
    gatewaySlugs: { vercel: 'azure', cloudflare: 'azure-openai' },
    prefixes: ['azure/'],
    // The v1 API's routes (see `docsUrl`); Azure OpenAI has no moderations route.
    endpoints: ['embeddings', 'images', 'transcriptions', 'speech', 'responses'],
    pricingProviderId: 'azure',
    docsUrl: 'https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle',
  },
  {
    id: 'bedrock',
    name: 'AWS Bedrock',
    defaultBaseURL: 'https://bedrock-runtime.us-east-1.amazonaws.com/openai/v1',
    baseUrlEnv: 'AWS_BEDROCK_BASE_URL',
    apiKeyEnv: 'AWS_BEDROCK_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    // Bedrock API keys are sent as Bearer tokens (no SigV4 signing needed).
    auth: 'bearer',
    gatewaySlugs: { vercel: 'bedrock', cloudflare: 'aws-bedrock' },
    prefixes: ['bedrock/'],
    // bedrock-runtime's /openai/v1 serves Chat Completions and Responses, nothing else:
    // https://docs.aws.amazon.com/bedrock/latest/userguide/inference-responses-api.html
    endpoints: ['responses'],
    pricingProviderId: 'aws',
    docsUrl: 'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-chat-completions.html',
  },
  {
    id: 'vertex',
    name: 'Vertex AI',
    defaultBaseURL:
      'https://us-central1-aiplatform.googleapis.com/v1/projects/PROJECT/locations/us-central1/endpoints/openapi',
    baseUrlEnv: 'VERTEX_AI_BASE_URL',
    apiKeyEnv: 'VERTEX_AI_API_KEY',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    // The "key" is a Google OAuth access token, sent as Bearer.
    auth: 'bearer',
    gatewaySlugs: { vercel: 'vertex', cloudflare: 'google-vertex-ai' },
    prefixes: ['vertex/'],
    // The OpenAI-compatible endpoint documents Chat Completions only; embeddings go through
    // Vertex's own `:predict` API, so none is listed here.
    endpoints: [],
    pricingProviderId: 'google',
    docsUrl:
      'https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/call-vertex-using-openai-library',
  },
  {
    id: 'cloudflare',
    name: 'Cloudflare AI Gateway',
    // Built from CLOUDFLARE_ACCOUNT_ID and CLOUDFLARE_GATEWAY_ID when those are set.
    defaultBaseURL: 'https://gateway.ai.cloudflare.com/v1/ACCOUNT_ID/GATEWAY_ID/compat',
    baseUrlEnv: 'CLOUDFLARE_AI_GATEWAY_BASE_URL',
    apiKeyEnv: 'CF_AIG_TOKEN',
    wire: 'openai',
    ...OPENAI_COMPAT_PATHS,
    // The gateway's own token; a provider key (BYOK) travels as `Authorization` beside it.
    auth: 'cf-aig',
    prefixes: ['cloudflare/'],
    // The unified `/compat` endpoint documents `/chat/completions` only (embeddings "coming up
    // next": https://developers.cloudflare.com/changelog/2025-06-03-aig-openai-compatible-endpoint).
    endpoints: [],
    // No own price list: `provider/model` ids are priced as the provider's model.
    docsUrl: 'https://developers.cloudflare.com/ai-gateway/usage/chat-completion/',
  },
];

/** The provider table, in table order. */
export const PROVIDERS: readonly ProviderSpec[] = Object.freeze(TABLE);

const BY_ID: ReadonlyMap<string, ProviderSpec> = new Map(PROVIDERS.map((p) => [p.id, p]));

/** Whether `id` names a provider in the table. */
export function isProviderId(id: string): id is ProviderId {
  return BY_ID.has(id);
}

/** The spec of a provider id; `undefined` for an unknown id. */
export function getProvider(id: ProviderId): ProviderSpec;
export function getProvider(id: string): ProviderSpec | undefined;
export function getProvider(id: string): ProviderSpec | undefined {
  return BY_ID.get(id);
}
