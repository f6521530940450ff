import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

describe('STEREOS_PRICES', () => {
  it('holds token prices and per-unit prices side by side, split into the two tables', () => {
    const { policy } = loadConfig({
      STEREOS_PRICES: JSON.stringify({
        'ollama/llama3': { inputPerMTok: 0.1, outputPerMTok: 0.2 },
        'xai/grok-2-image': { perImageUsd: 0.07 },
        'dall-e-3': { perImageUsd: { 'standard/1024x1024': 0.05, 'hd/1024x1024': 0.09 } },
        'my-tts': { perMCharactersUsd: 12 },
        'groq/whisper-large-v3': { perMinuteUsd: 0.002 },
        'my-moderation': { perCallUsd: 0 },
        'gpt-image-x': { inputPerMTok: 5, outputPerMTok: 40, perImageUsd: 0.2 },
      }),
    });
    expect(policy.prices).toEqual({
      'ollama/llama3': { inputPerMTok: 0.1, outputPerMTok: 0.2 },
      'gpt-image-x': { inputPerMTok: 5, outputPerMTok: 40 },
    });
    expect(policy.unitPrices).toEqual({
      'xai/grok-2-image': { perImageUsd: { '*': 0.07 } },
      'dall-e-3': { perImageUsd: { 'standard/1024x1024': 0.05, 'hd/1024x1024': 0.09 } },
      'my-tts': { perMCharactersUsd: 12 },
      'groq/whisper-large-v3': { perMinuteUsd: 0.002 },
      'my-moderation': { perCallUsd: 0 },
      'gpt-image-x': { perImageUsd: { '*': 0.2 } },
    });
  });

  it('leaves both tables unset without the variable', () => {
    const { policy } = loadConfig({});
    expect(policy.prices).toBeUndefined();
    expect(policy.unitPrices).toBeUndefined();
  });

  it.each([
    ['an entry with no price', { m: {} }],
    ['input without output', { m: { inputPerMTok: 1 } }],
    ['a negative unit price', { m: { perMinuteUsd: -1 } }],
    ['an unknown field', { m: { perSecondUsd: 1 } }],
  ])('refuses %s, naming the entry and the expected shape', (_, prices) => {
    let error: unknown;
    try {
      loadConfig({ STEREOS_PRICES: JSON.stringify(prices) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('STEREOS_PRICES');
    expect((error as Error).message).toContain('m: expected');
    expect((error as Error).message).toContain('perMinuteUsd');
  });
});
