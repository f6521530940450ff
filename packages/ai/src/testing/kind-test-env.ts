import { type FakeUpstream, startFakeUpstream } from '@stereos/fake-upstream';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createDirectGateway } from '../direct';
import { StereosBudgetExceededError } from '../stereos-budget-exceeded-error';
import {
  createStereos,
  type StereosProvider,
  type StereosProviderSettings,
} from '../stereos-provider';
import { collectEvents } from './collect';

/** The unified gateway's key in these tests. */
export const UNIFIED_KEY = 'sk-stereos-key-1';
/** The direct gateway's provider keys in these tests. */
export const DIRECT_KEYS = {
  openai: 'sk-openai-direct-1',
  groq: 'gsk-direct-1',
  azure: 'azure-direct-1',
} as const;

/**
 * The set-up the embedding, image, transcription and speech model tests share: one fake
 * upstream for the file (reset before each test), and the unified and direct gateways over it.
 */
export function useKindTestEnv() {
  let upstream: FakeUpstream | undefined;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
  });
  afterAll(() => upstream?.close());
  beforeEach(() => upstream?.reset());
  const env = {
    get upstream(): FakeUpstream {
      if (!upstream) throw new Error('The fake upstream starts in beforeAll.');
      return upstream;
    },
    /** `createStereos` over the unified gateway at the fake's `/v1`. */
    unified: (settings: StereosProviderSettings = {}) =>
      createStereos({ baseURL: `${env.upstream.url}/v1`, apiKey: UNIFIED_KEY, ...settings }),
    /** The direct gateway with OpenAI, Groq and Azure OpenAI at the fake. */
    direct: (fetchImpl?: typeof fetch) =>
      createDirectGateway({
        env: {},
        providers: {
          openai: { baseURL: env.upstream.url, apiKey: DIRECT_KEYS.openai },
          groq: { baseURL: `${env.upstream.url}/openai/v1`, apiKey: DIRECT_KEYS.groq },
          azure: { baseURL: `${env.upstream.url}/openai`, apiKey: DIRECT_KEYS.azure },
        },
        fetch: fetchImpl,
      }),
    /**
     * A call under a budget too small for it (`limitUsd`): the caller gets
     * `StereosBudgetExceededError`, no upstream is called, and one `budget_exceeded` event of
     * `operation` is recorded.
     */
    async expectBudgetRefusal(
      operation: string,
      call: (stereos: StereosProvider) => PromiseLike<unknown>,
      limitUsd = 0.000_001,
      settings: StereosProviderSettings = {},
    ): Promise<void> {
      const usage = collectEvents();
      const stereos = env.unified({ ...settings, onUsage: usage.onUsage, budget: { limitUsd } });
      const error = await Promise.resolve(call(stereos)).catch((e: unknown) => e);
      expect(StereosBudgetExceededError.isInstance(error)).toBe(true);
      expect(env.upstream.requests).toHaveLength(0);
      const [event] = await usage.waitFor(1);
      expect(event).toMatchObject({ operation, status: 'budget_exceeded' });
    },
  };
  return env;
}
