import type { LanguageModelV2, LanguageModelV2CallOptions } from '@ai-sdk/provider';
import { createAiGateway } from 'ai-gateway-provider';
import { createUnified } from 'ai-gateway-provider/providers/unified';
import type { CloudflareStep } from './cloudflare-models';
import {
  type CloudflareRequestOptions,
  cloudflareHeaders,
  validateCloudflareOptions,
} from './cloudflare-options';
import { type CloudflareConnection, UniversalTransport } from './cloudflare-transport';

/** What every call of a Cloudflare model needs. */
export interface CloudflareModelSettings {
  /** Resolved when a call is made (env read then). */
  connection(): CloudflareConnection;
  /** The gateway's own request options (per-call options overlay them). */
  options: CloudflareRequestOptions;
  /** Provider keys by Stereos provider id or Cloudflare slug; absent: stored keys or unified billing. */
  providerKeys: Readonly<Record<string, string | undefined>>;
}

/**
 * A model served through Cloudflare AI Gateway, built on `ai-gateway-provider`'s
 * `createAiGateway` + `providers/unified`: each step is a unified-API (`compat`) request inside
 * one universal-endpoint request.
 *
 * That library swaps its wrapped models' `config.fetch` on every call
 * (https://github.com/cloudflare/ai/issues/620), so concurrent calls through one shared wrapped
 * model can receive each other's answers. Nothing of it is shared here: every call builds its
 * own gateway model, step models and transport (a few plain objects) and drops them afterwards.
 */
export class CloudflareLanguageModel implements LanguageModelV2 {
  readonly specificationVersion = 'v2';
  readonly provider = 'cloudflare.unified';
  readonly supportedUrls = {};
  readonly modelId: string;

  constructor(
    private readonly steps: readonly CloudflareStep[],
    private readonly settings: CloudflareModelSettings,
  ) {
    this.modelId = steps.map((step) => step.slug).join(',');
  }

  async doGenerate(options: LanguageModelV2CallOptions) {
    const { model, callOptions, transport } = this.forCall(options);
    try {
      return await model.doGenerate(callOptions);
    } catch (error) {
      throw await transport.explain(error);
    }
  }

  async doStream(options: LanguageModelV2CallOptions) {
    const { model, callOptions, transport } = this.forCall(options);
    try {
      return await model.doStream(callOptions);
    } catch (error) {
      throw await transport.explain(error);
    }
  }

  /** This call's own gateway model, its transport, and its options less `cloudflare`. */
  private forCall(options: LanguageModelV2CallOptions) {
    const { cloudflare, ...providerOptions } = options.providerOptions ?? {};
    const call = validateCloudflareOptions(cloudflare, 'providerOptions.cloudflare');
    const headers = cloudflareHeaders(this.settings.options, call);
    const transport = new UniversalTransport(
      this.settings.connection(),
      headers,
      options.abortSignal,
    );
    const gateway = createAiGateway({ binding: transport.binding });
    const model = gateway(this.steps.map((step) => this.stepModel(step)));
    return { model, transport, callOptions: { ...options, providerOptions } };
  }

  /**
   * A step on Cloudflare's unified API. A provider key given for the step's provider rides in the
   * step's `Authorization` (and only there); without one Cloudflare uses a stored key (BYOK) or
   * unified billing (https://developers.cloudflare.com/ai-gateway/configuration/bring-your-own-keys/).
   */
  private stepModel(step: CloudflareStep): LanguageModelV2 {
    const keys = this.settings.providerKeys;
    const apiKey = Object.hasOwn(keys, step.provider)
      ? keys[step.provider]
      : Object.hasOwn(keys, step.cloudflareProvider)
        ? keys[step.cloudflareProvider]
        : undefined;
    return createUnified({ ...(apiKey ? { apiKey } : {}), includeUsage: true })(step.slug);
  }
}
