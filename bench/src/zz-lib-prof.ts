import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV2 } from '@ai-sdk/provider';
import { createStereos } from '@stereos/ai';
import { SHORT_PROMPT } from './requests';
const which = process.argv[2]; const mode = process.argv[3] ?? 'generate'; const n = Number(process.argv[4] ?? 10000);
const baseURL = process.env.UPSTREAM ?? 'http://127.0.0.1:4010/v1';
const model: LanguageModelV2 = which === 'bare'
  ? createOpenAICompatible({ name: 'bare', baseURL, apiKey: 'sk-bench', includeUsage: true }).chatModel('gpt-4o-mini')
  : createStereos({ baseURL, apiKey: 'sk-bench', onUsage: () => {} })('gpt-4o-mini');
const CALL = { prompt: [{ role: 'user' as const, content: [{ type: 'text' as const, text: SHORT_PROMPT }] }] };
async function once() {
  if (mode === 'generate') { await model.doGenerate(CALL); return; }
  const { stream } = await model.doStream(CALL); const r = stream.getReader(); while (!(await r.read()).done) {}
}
for (let i = 0; i < 500; i++) await once();
const t = performance.now(); const c0 = process.cpuUsage();
for (let i = 0; i < n; i++) await once();
const c = process.cpuUsage(c0);
console.log(which, mode, ((performance.now() - t) * 1000 / n).toFixed(1), 'µs wall/call', ((c.user + c.system) / n).toFixed(1), 'µs cpu/call');
