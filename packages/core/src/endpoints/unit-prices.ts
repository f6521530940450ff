/**
 * Prices of models billed per unit rather than per token: per image (DALL·E), per character
 * (tts-1), per minute of audio (whisper-1), free (moderations). Models billed in tokens
 * (gpt-image-1, gpt-4o-mini-tts, gpt-4o-transcribe) are priced from the token price table.
 * OpenAI's list: https://platform.openai.com/docs/pricing
 */
export interface UnitPrice {
  /**
   * USD per image, by `<quality>/<size>` (`standard/1024x1024`), by `<size>` alone, or `*` (any
   * size and quality not listed).
   */
  perImageUsd?: Readonly<Record<string, number>>;
  /** USD per 1M characters of input (text to speech). */
  perMCharactersUsd?: number;
  /** USD per minute of audio (transcription, translation). */
  perMinuteUsd?: number;
  /** USD per call (0: moderations are free). */
  perCallUsd?: number;
}

/** Unit prices by `provider/model` or bare `model` (any provider). */
export type UnitPriceTable = Readonly<Record<string, UnitPrice>>;

const DALL_E_3: UnitPrice = {
  perImageUsd: {
    'standard/1024x1024': 0.04,
    'standard/1024x1792': 0.08,
    'standard/1792x1024': 0.08,
    'hd/1024x1024': 0.08,
    'hd/1024x1792': 0.12,
    'hd/1792x1024': 0.12,
  },
};
const DALL_E_2: UnitPrice = {
  perImageUsd: { '256x256': 0.016, '512x512': 0.018, '1024x1024': 0.02 },
};
const FREE: UnitPrice = { perCallUsd: 0 };

/** OpenAI's unit-priced models (Azure OpenAI bills the same models the same way). */
export const DEFAULT_UNIT_PRICES: UnitPriceTable = {
  'dall-e-3': DALL_E_3,
  'dall-e-2': DALL_E_2,
  'tts-1': { perMCharactersUsd: 15 },
  'tts-1-hd': { perMCharactersUsd: 30 },
  'whisper-1': { perMinuteUsd: 0.006 },
  'omni-moderation-latest': FREE,
  'omni-moderation-2024-09-26': FREE,
  'text-moderation-latest': FREE,
  'text-moderation-stable': FREE,
};

/** Providers whose model names mean OpenAI's models (so OpenAI's unit prices hold). */
const OPENAI_MODEL_PROVIDERS = new Set(['openai', 'azure']);

/** The unit price of a served model: configured first, then OpenAI's list for OpenAI's models. */
export function findUnitPrice(
  provider: string,
  model: string,
  configured: UnitPriceTable = {},
): UnitPrice | undefined {
  const own = configured[`${provider}/${model}`] ?? configured[model];
  if (own) return own;
  return OPENAI_MODEL_PROVIDERS.has(provider) ? DEFAULT_UNIT_PRICES[model] : undefined;
}

/** Price of one image of `size` and `quality` (DALL·E's defaults: 1024x1024, standard). */
export function pricePerImage(
  price: UnitPrice | undefined,
  size: string | undefined,
  quality: string | undefined,
): number | undefined {
  const table = price?.perImageUsd;
  if (!table) return undefined;
  const s = size && size !== 'auto' ? size : '1024x1024';
  const q = quality === 'hd' ? 'hd' : 'standard';
  return table[`${q}/${s}`] ?? table[s] ?? table['*'];
}

/** The most any one image of the model can cost (budget reservations). */
export function maxPricePerImage(price: UnitPrice | undefined): number | undefined {
  const values = Object.values(price?.perImageUsd ?? {});
  return values.length > 0 ? Math.max(...values) : undefined;
}

/** Rounds float noise away (as the token price table does). */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}
