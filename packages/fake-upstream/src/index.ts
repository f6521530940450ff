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
export { FAKE_PNG_BASE64 } from './images.js';
export { DEFAULT_MODELS } from './models.js';
export { FLAGGED_WORD } from './moderations.js';
export type { RecordedRequest, RecordedUpload, RequestKind } from './recorded-request.js';
export { fakeSpeechAudio, SPEECH_CONTENT_TYPES } from './speech.js';
export {
  type FakeUpstream,
  type FakeUpstreamOptions,
  startFakeUpstream,
} from './start-fake-upstream.js';
export { streamFail } from './stream-fail.js';
export { FAKE_AUDIO_BYTES_PER_SECOND, FAKE_TRANSCRIPT } from './transcriptions.js';
export { VERCEL_FAKE_PRICE } from './vercel-cost.js';
