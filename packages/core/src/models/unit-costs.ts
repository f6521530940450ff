import {
  findUnitPrice,
  maxPricePerImage,
  pricePerImage,
  roundUsd,
  type UnitPriceTable,
} from '../endpoints/unit-prices';

/*
 * What a call to a model billed per unit (per image, per character, per minute of audio) may
 * cost and did cost, from the unit price table the server's endpoints use: for faces that make
 * these calls through other clients (the AI SDK provider). Models billed in tokens have no unit
 * price here (undefined): the token price table prices them.
 */

/** A unit-priced call's bound (budget reservation) and its cost once the answer is known. */
export interface UnitCosts {
  /** The most the call can cost; undefined when the model has no unit price. */
  maxUsd: number | undefined;
  /** The call's cost from what it produced; undefined when the model has no unit price. */
  costUsd(units: { images?: number; audioSeconds?: number }): number | undefined;
}

const NONE: UnitCosts = { maxUsd: undefined, costUsd: () => undefined };

/** Bitrate assumed to bound an audio file's duration from its size (16 kbit/s). */
export const MIN_AUDIO_BYTES_PER_SECOND = 2000;

/** An image call: `n` images of `size` and `quality` (DALL·E's per-image prices). */
export function imageUnitCosts(
  target: { provider: string; model: string },
  call: { n: number; size?: string | undefined; quality?: string | undefined },
  prices?: UnitPriceTable,
): UnitCosts {
  const price = findUnitPrice(target.provider, target.model, prices);
  const max = maxPricePerImage(price);
  if (max === undefined) return NONE;
  const each = pricePerImage(price, call.size, call.quality) ?? max;
  return {
    maxUsd: roundUsd(max * call.n),
    costUsd: ({ images }) => roundUsd(each * (images ?? call.n)),
  };
}

/** A speech call of `characters` characters (tts-1's per-character price). */
export function speechUnitCosts(
  target: { provider: string; model: string },
  characters: number,
  prices?: UnitPriceTable,
): UnitCosts {
  const perM = findUnitPrice(target.provider, target.model, prices)?.perMCharactersUsd;
  if (perM === undefined) return NONE;
  const cost = roundUsd((characters * perM) / 1e6);
  return { maxUsd: cost, costUsd: () => cost };
}

/**
 * A transcription of `audioBytes` bytes (whisper-1's per-minute price): bounded by the longest
 * the file can last, billed by the seconds the answer reports.
 */
export function transcriptionUnitCosts(
  target: { provider: string; model: string },
  audioBytes: number,
  prices?: UnitPriceTable,
): UnitCosts {
  const perMinute = findUnitPrice(target.provider, target.model, prices)?.perMinuteUsd;
  if (perMinute === undefined) return NONE;
  const boundSeconds = Math.max(60, audioBytes / MIN_AUDIO_BYTES_PER_SECOND);
  return {
    maxUsd: roundUsd((perMinute * boundSeconds) / 60),
    costUsd: ({ audioSeconds }) =>
      audioSeconds === undefined ? undefined : roundUsd((perMinute * audioSeconds) / 60),
  };
}
