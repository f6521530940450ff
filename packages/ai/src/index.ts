export type {
  BudgetOptions,
  BudgetStore,
  CallLimits,
  GatewayEvent,
  GatewayEventStatus,
  ModelPrice,
  UnitPrice,
  UnitPriceTable,
} from '@stereos/core';
export { MemoryBudgetStore } from '@stereos/core';
export type {
  StereosGateway,
  StereosModelKind,
  StereosModelTarget,
  StereosTarget,
} from './gateway';
export { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
export type { StereosCallOptions } from './stereos-call-options';
export { StereosEmbeddingModel } from './stereos-embedding-model';
export { StereosImageModel } from './stereos-image-model';
export { StereosLanguageModel } from './stereos-language-model';
export type { StereosKindInput } from './stereos-model-call';
export {
  createStereos,
  type StereosModelInput,
  type StereosProvider,
  type StereosProviderSettings,
  stereos,
} from './stereos-provider';
export { StereosSpeechModel } from './stereos-speech-model';
export { StereosTranscriptionModel } from './stereos-transcription-model';
export { createUnifiedGateway, type UnifiedGatewayOptions } from './unified';
