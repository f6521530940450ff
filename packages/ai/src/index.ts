export type {
  BudgetOptions,
  BudgetStore,
  CallLimits,
  GatewayEvent,
  GatewayEventStatus,
  ModelPrice,
} from '@stereos/core';
export { MemoryBudgetStore } from '@stereos/core';
export type { StereosGateway, StereosTarget } from './gateway';
export { StereosBudgetExceededError } from './stereos-budget-exceeded-error';
export type { StereosCallOptions } from './stereos-call-options';
export { StereosLanguageModel } from './stereos-language-model';
export {
  createStereos,
  type StereosModelInput,
  type StereosProvider,
  type StereosProviderSettings,
  stereos,
} from './stereos-provider';
export { createUnifiedGateway, type UnifiedGatewayOptions } from './unified';
