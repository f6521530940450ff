export type {
  Behaviour,
  DropBehaviour,
  ErrorBehaviour,
  HangBehaviour,
  RawBehaviour,
  ReplyBehaviour,
  StreamFailBehaviour,
  ToolCallSpec,
  UsageSpec,
} from './behaviour.js';
export type { DefaultBehaviour } from './behaviour-source.js';
export type { CloudflareFakeOptions, CloudflareLogEntry } from './cloudflare-state.js';
export { DEFAULT_MODELS } from './models.js';
export type { RecordedRequest, RequestKind } from './recorded-request.js';
export {
  type FakeUpstream,
  type FakeUpstreamOptions,
  startFakeUpstream,
} from './start-fake-upstream.js';
export { streamFail } from './stream-fail.js';
export { VERCEL_FAKE_PRICE } from './vercel-cost.js';
