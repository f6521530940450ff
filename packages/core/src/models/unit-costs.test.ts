import { describe, expect, it } from 'vitest';
import { imageUnitCosts, speechUnitCosts, transcriptionUnitCosts } from './unit-costs';

const openai = (model: string) => ({ provider: 'openai', model });

describe('unit costs', () => {
  it('prices DALL·E per image of the size and quality asked, bounded by the dearest', () => {
    const costs = imageUnitCosts(openai('dall-e-3'), { n: 2, size: '1024x1792', quality: 'hd' });
    expect(costs.maxUsd).toBe(0.24);
    expect(costs.costUsd({ images: 1 })).toBe(0.12);
    expect(imageUnitCosts(openai('dall-e-3'), { n: 1 }).costUsd({ images: 1 })).toBe(0.04);
  });

  it('prices tts-1 per character and whisper-1 per second of audio', () => {
    expect(speechUnitCosts(openai('tts-1'), 1000).costUsd({})).toBe(0.015);
    const whisper = transcriptionUnitCosts(openai('whisper-1'), 240_000);
    // 240 kB bound 120 s at 16 kbit/s: $0.012 at most; 30 s answered cost $0.003.
    expect(whisper.maxUsd).toBe(0.012);
    expect(whisper.costUsd({ audioSeconds: 30 })).toBe(0.003);
    expect(whisper.costUsd({})).toBeUndefined();
  });

  it('leaves token-priced and unknown models to the token price table', () => {
    expect(imageUnitCosts(openai('gpt-image-1'), { n: 1 }).maxUsd).toBeUndefined();
    expect(speechUnitCosts(openai('gpt-4o-mini-tts'), 10).maxUsd).toBeUndefined();
    expect(
      transcriptionUnitCosts({ provider: 'groq', model: 'whisper-1' }, 1).maxUsd,
    ).toBeUndefined();
  });
});
