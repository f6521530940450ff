import { pathToFileURL } from 'node:url';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV2, LanguageModelV2CallOptions } from '@ai-sdk/provider';
import { createStereos } from '@stereos/ai';
import { startFakeUpstreamProcess } from './child-service';
import { memoryModel } from './memory-model';
import { SHORT_PROMPT } from './requests';
import { fmt, printTable, type Summary, summarize } from './stats';

/**
 * Per-call cost of a Stereos model (unified gateway: retry/fallback machinery, timeout, usage
 * event with its price, spans) over the bare AI SDK OpenAI-compatible model it wraps. Both call
 * the same fake upstream (its own process), so the difference is Stereos' own work.
 * `doGenerate` / `doStream` are called directly: `generateText` would add the same AI SDK work
 * to both sides and only blur the difference. The `no I/O` rows wrap an in-memory model instead:
 * Stereos' CPU per call alone, without the network's noise.
 */

export type Mode = 'generate' | 'stream';
type Scenario = `${Mode}${'' | ' (no I/O)'}`;

export interface LibraryOverheadOptions {
  /** Measured calls per model and mode. */
  calls?: number;
  /** Unmeasured calls per model and mode first (JIT, connection pool). */
  warmup?: number;
  /** Calls per model before switching to the other one (A,B then B,A, …). */
  roundSize?: number;
}

export interface LibraryOverheadResult {
  scenario: Scenario;
  bare: Summary;
  stereos: Summary;
}

const CALL: LanguageModelV2CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: SHORT_PROMPT }] }],
};

async function callOnce(model: LanguageModelV2, mode: Mode): Promise<void> {
  if (mode === 'generate') {
    await model.doGenerate(CALL);
    return;
  }
  const { stream } = await model.doStream(CALL);
  const reader = stream.getReader();
  while (!(await reader.read()).done) {
    // Drain every part: the call is over only when the stream (and Stereos' event) is.
  }
}

async function timeCalls(model: LanguageModelV2, mode: Mode, n: number, into?: number[]) {
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await callOnce(model, mode);
    into?.push(performance.now() - started);
  }
}

/** Times `bare` and `stereos` alternately, `roundSize` calls at a time, after a warm-up. */
async function compare(
  models: { bare: LanguageModelV2; stereos: LanguageModelV2 },
  mode: Mode,
  { calls, warmup, roundSize }: Required<LibraryOverheadOptions>,
) {
  await timeCalls(models.bare, mode, warmup);
  await timeCalls(models.stereos, mode, warmup);
  const samples = { bare: [] as number[], stereos: [] as number[] };
  // Interleaved rounds (A,B then B,A) cancel slow drift: GC growth, CPU frequency, other load.
  for (let round = 0; samples.bare.length < calls; round++) {
    const n = Math.min(roundSize, calls - samples.bare.length);
    const order = round % 2 === 0 ? (['bare', 'stereos'] as const) : (['stereos', 'bare'] as const);
    for (const name of order) await timeCalls(models[name], mode, n, samples[name]);
  }
  return { bare: summarize(samples.bare), stereos: summarize(samples.stereos) };
}

export async function measureLibraryOverhead(
  options: LibraryOverheadOptions = {},
): Promise<LibraryOverheadResult[]> {
  const settings = { calls: 3000, warmup: 300, roundSize: 100, ...options };
  let events = 0;
  // A sink that does nothing: the event is still built and priced, as in real use.
  const onUsage = () => {
    events++;
  };
  const upstream = await startFakeUpstreamProcess();
  try {
    const baseURL = `${upstream.url}/v1`;
    // The unified gateway's own settings, so both models send identical requests.
    const bare = createOpenAICompatible({
      name: 'bare',
      baseURL,
      apiKey: 'sk-bench',
      includeUsage: true,
    }).chatModel('gpt-4o-mini');
    const stereos = createStereos({ baseURL, apiKey: 'sk-bench', onUsage })('gpt-4o-mini');
    const inMemory = { bare: memoryModel, stereos: createStereos({ onUsage })(memoryModel) };

    const results: LibraryOverheadResult[] = [];
    for (const mode of ['generate', 'stream'] as const) {
      results.push({ scenario: mode, ...(await compare({ bare, stereos }, mode, settings)) });
    }
    for (const mode of ['generate', 'stream'] as const) {
      const scenario = `${mode} (no I/O)` as const;
      results.push({ scenario, ...(await compare(inMemory, mode, settings)) });
    }
    // Every Stereos call must have produced its one event, or the timings measured something else.
    const expected = 4 * (settings.calls + settings.warmup);
    if (events !== expected) throw new Error(`expected ${expected} usage events, got ${events}`);
    return results;
  } finally {
    await upstream.close();
  }
}

export function printLibraryOverhead(results: readonly LibraryOverheadResult[]): void {
  printTable([
    ['call (ms)', 'bare mean', 'stereos mean', '+mean', 'bare p50', 'stereos p50', '+p50', 'ratio'],
    ...results.map(({ scenario, bare, stereos }) => [
      scenario,
      fmt(bare.mean),
      fmt(stereos.mean),
      fmt(stereos.mean - bare.mean),
      fmt(bare.p50),
      fmt(stereos.p50),
      fmt(stereos.p50 - bare.p50),
      `${fmt(stereos.mean / bare.mean, 2)}x`,
    ]),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const results = await measureLibraryOverhead();
  console.log(`\n@stereos/ai per-call overhead (${results[0]?.bare.count} calls per cell)\n`);
  printLibraryOverhead(results);
}
