import type { ChatGatewayOptions, GatewayEngine } from '../chat/chat-gateway';
import type { ChatTarget } from '../chat/chat-targets';
import type { AnswerUsage, ServedBy } from '../engine/call-adapter';
import { readCappedText } from '../upstream/read-upstream-response';
import { tokensOfChars } from '../usage/estimate-tokens';
import { type AudioUsage, audioUsageTap, readAudioUsage } from './audio-usage';
import {
  createEndpointGateway,
  type EndpointCallInput,
  type EndpointStreamResult,
  type UpstreamBody,
} from './endpoint-gateway';
import type { ImageEditForm } from './image-edit-request';
import { DEFAULT_IMAGE_MODEL, type ImagesRequest, type ImagesUsage } from './images-request';
import { jsonBody, readJsonAnswer } from './json-answer';
import {
  DEFAULT_MODERATION_MODEL,
  type ModerationsRequest,
  moderationInputChars,
} from './moderations-request';
import { type FormField, multipartBody, type UploadFile } from './multipart-body';
import { ENDPOINT_KINDS, type EndpointKind } from './openai-endpoint';
import type { SpeechRequest } from './speech-request';
import type { TranscriptionForm } from './transcriptions-request';
import {
  findUnitPrice,
  maxPricePerImage,
  pricePerImage,
  roundUsd,
  type UnitPrice,
  type UnitPriceTable,
} from './unit-prices';

export interface OpenAIEndpointsGatewayOptions extends ChatGatewayOptions {
  /** Prices of per-unit models (per image, character, minute); OpenAI's list by default. */
  unitPrices?: UnitPriceTable | undefined;
}

/** Who calls (model aside: it is in the body). */
export type EndpointCaller = Omit<EndpointCallInput, 'model'>;

/** A served JSON (or text) call: the upstream's answer as it wrote it. */
export interface EndpointTextResult {
  body: string;
  contentType: string;
  served: ServedBy;
  costUsd: number | undefined;
}

/** A transcription: JSON/text as one answer, or `stream=true` SSE passed on as it arrives. */
export type TranscriptionResult =
  | ({ kind: 'text' } & EndpointTextResult)
  | ({ kind: 'stream' } & EndpointStreamResult);

/** A transcription or translation call: the validated form and its audio file. */
export interface TranscriptionCallInput extends EndpointCaller {
  /** The fields known when the call starts (those before the file, when it streams through). */
  form: TranscriptionForm;
  file: UploadFile;
  /**
   * The fields the client sent after a file that streams through as it arrives: validated and
   * sent after the file (see `MultipartParts.fieldsAfter`). Unset when the whole form was read.
   */
  fieldsAfter?: (() => readonly FormField[] | Promise<readonly FormField[]>) | undefined;
  /** `/v1/audio/translations` (into English) instead of transcriptions. */
  translate?: boolean;
}

/** An image edit: the validated form and its files (images, optional mask). */
export interface ImageEditCallInput extends EndpointCaller {
  form: ImageEditForm;
  files: readonly UploadFile[];
}

export interface OpenAIEndpointsGateway {
  /** `POST /v1/images/generations`; one `images` event with the number of images. */
  images(input: EndpointCaller & { body: ImagesRequest }): Promise<EndpointTextResult>;
  /** `POST /v1/images/edits` (multipart); routed and priced as generations, an `images` event. */
  imageEdit(input: ImageEditCallInput): Promise<EndpointTextResult>;
  /** `POST /v1/moderations` (model `omni-moderation-latest` when none); one `moderations` event. */
  moderations(input: EndpointCaller & { body: ModerationsRequest }): Promise<EndpointTextResult>;
  /** `POST /v1/audio/speech`: audio bytes streamed on as they arrive; one `speech` event. */
  speech(input: EndpointCaller & { body: SpeechRequest }): Promise<EndpointStreamResult>;
  /** `POST /v1/audio/transcriptions` / `translations`; one `transcriptions` event. */
  transcribe(input: TranscriptionCallInput): Promise<TranscriptionResult>;
}

/** gpt-image-1's most output tokens for one image (high quality, 1536×1024). */
const MAX_IMAGE_OUTPUT_TOKENS = 6240;
/** A conservative audio bitrate (16 kbit/s) bounding a file's duration by its size. */
const MIN_AUDIO_BYTES_PER_SECOND = 2000;

/**
 * The OpenAI-wire endpoints beside chat on the one endpoint gateway: each says what it sends,
 * how its answer is read and what it used (images, characters, audio seconds, tokens).
 */
export function createOpenAIEndpointsGateway(
  from:
    | OpenAIEndpointsGatewayOptions
    | (GatewayEngine & Pick<OpenAIEndpointsGatewayOptions, 'unitPrices'>),
): OpenAIEndpointsGateway {
  const gateway = createEndpointGateway(from);
  const unitPrice = (target: ChatTarget) =>
    findUnitPrice(target.provider.id, target.upstreamModel, from.unitPrices);

  /** Generations and edits alike: priced per image (DALL·E) or in tokens (GPT image models). */
  const generateImages = async (
    input: EndpointCallInput,
    kind: EndpointKind,
    ask: { prompt: string; n: number; size?: string | undefined; quality?: string | undefined },
    body: (target: ChatTarget) => UpstreamBody,
  ): Promise<EndpointTextResult> => {
    const { n } = ask;
    const { value, served, costUsd } = await gateway.generate(
      input,
      {
        kind,
        stream: false,
        body,
        estimateInputTokens: () => tokensOfChars(ask.prompt.length),
        maxOutputTokens: n * MAX_IMAGE_OUTPUT_TOKENS,
        maxUnitCostUsd: (target) => {
          const each = maxPricePerImage(unitPrice(target));
          return each === undefined ? undefined : each * n;
        },
      },
      {
        read: (response, target, max) =>
          readJsonAnswer<{ data?: unknown[]; usage?: ImagesUsage }>(
            response,
            target,
            max,
            (json) => Array.isArray(json.data),
            'returned no images',
          ),
        usage: ({ json }, target) => {
          const images = json.data?.length ?? 0;
          const each = pricePerImage(unitPrice(target), ask.size, ask.quality);
          return {
            usage: imageTokens(json.usage),
            outputChars: () => 0,
            units: { images },
            costUsd: each === undefined ? undefined : roundUsd(each * images),
          };
        },
      },
    );
    return { body: value.text, contentType: 'application/json', served, costUsd };
  };

  return {
    images({ body, ...caller }) {
      return generateImages(
        { ...caller, model: body.model ?? DEFAULT_IMAGE_MODEL, user: caller.user ?? body.user },
        ENDPOINT_KINDS.images,
        { prompt: body.prompt, n: body.n ?? 1, size: body.size, quality: body.quality },
        (target) => jsonBody(body, target),
      );
    },

    imageEdit({ form, files, ...caller }) {
      return generateImages(
        { ...caller, model: form.model, user: caller.user ?? form.user },
        ENDPOINT_KINDS.imageEdits,
        form,
        (target) =>
          multipartBody({ fields: [['model', target.upstreamModel], ...form.fields], files }),
      );
    },

    async moderations({ body, ...caller }) {
      const model = body.model ?? DEFAULT_MODERATION_MODEL;
      const { value, served, costUsd } = await gateway.generate(
        { ...caller, model },
        {
          kind: ENDPOINT_KINDS.moderations,
          stream: false,
          body: (target) => jsonBody(body, target),
          estimateInputTokens: () => tokensOfChars(moderationInputChars(body.input)),
          maxOutputTokens: 0,
          maxUnitCostUsd: (target) => unitPrice(target)?.perCallUsd,
        },
        {
          read: (response, target, max) =>
            readJsonAnswer<{ results?: unknown }>(
              response,
              target,
              max,
              (json) => Array.isArray(json.results),
              'returned no moderation results',
            ),
          usage: (_answer, target) => ({
            usage: undefined,
            outputChars: () => 0,
            costUsd: unitPrice(target)?.perCallUsd,
          }),
        },
      );
      return { body: value.text, contentType: 'application/json', served, costUsd };
    },

    speech({ body, ...caller }) {
      const chars = body.input.length;
      const charCost = (price: UnitPrice | undefined) =>
        price?.perMCharactersUsd === undefined
          ? undefined
          : roundUsd((chars * price.perMCharactersUsd) / 1e6);
      return gateway.stream(
        { ...caller, model: body.model },
        {
          kind: ENDPOINT_KINDS.speech,
          stream: true,
          body: (target) => jsonBody(body, target),
          estimateInputTokens: () => tokensOfChars(chars + (body.instructions?.length ?? 0)),
          maxUnitCostUsd: (target) => charCost(unitPrice(target)),
        },
        {
          tap: (target, contentType) =>
            audioUsageTap(contentType, (found) => ({
              usage: found.usage,
              outputChars: () => 0,
              units: { inputCharacters: chars },
              costUsd: charCost(unitPrice(target)),
            })),
        },
      );
    },

    async transcribe({ form, file, fieldsAfter, translate, ...caller }) {
      const kind = translate ? ENDPOINT_KINDS.translations : ENDPOINT_KINDS.transcriptions;
      // A file still arriving is bounded by its most bytes (the upload cap, or content-length).
      const bytes = file.size ?? file.maxSize ?? 0;
      const boundSeconds = Math.max(60, bytes / MIN_AUDIO_BYTES_PER_SECOND);
      const request = {
        kind,
        stream: form.stream,
        body: (target: ChatTarget) =>
          multipartBody({
            fields: [['model', target.upstreamModel], ...form.fields],
            files: [file],
            fieldsAfter,
          }),
        estimateInputTokens: () => tokensOfChars(form.promptChars) + Math.ceil(boundSeconds),
        maxUnitCostUsd: (target: ChatTarget) => {
          const perMinute = unitPrice(target)?.perMinuteUsd;
          return perMinute === undefined ? undefined : (perMinute * boundSeconds) / 60;
        },
      };
      const answerUsage = (found: AudioUsage, target: ChatTarget): AnswerUsage => {
        const perMinute = unitPrice(target)?.perMinuteUsd;
        // Billed by the second (whisper-1): no tokens to estimate.
        const byDuration =
          found.seconds !== undefined ? { inputTokens: 0, outputTokens: 0 } : undefined;
        return {
          usage: found.usage ?? byDuration,
          outputChars: () => 0,
          units: { audioSeconds: found.seconds },
          costUsd:
            perMinute !== undefined && found.seconds !== undefined
              ? roundUsd((perMinute * found.seconds) / 60)
              : undefined,
        };
      };
      if (form.stream) {
        const result = await gateway.stream({ ...caller, model: form.model }, request, {
          tap: (target, contentType) =>
            audioUsageTap(contentType, (found) => answerUsage(found, target)),
        });
        return { kind: 'stream', ...result };
      }
      const { value, served, costUsd } = await gateway.generate(
        { ...caller, model: form.model },
        request,
        {
          async read(response, target, max) {
            const text = await readCappedText(response, max, target.provider.id);
            const contentType = response.headers.get('content-type') ?? 'text/plain';
            return { text, contentType, usage: usageOfText(text, contentType) };
          },
          usage: (answer, target) => answerUsage(answer.usage, target),
        },
      );
      return { kind: 'text', body: value.text, contentType: value.contentType, served, costUsd };
    },
  };
}

function imageTokens(usage: ImagesUsage | undefined) {
  if (usage?.input_tokens === undefined) return undefined;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: usage.input_tokens_details?.cached_tokens,
  };
}

/**
 * JSON answers (json, verbose_json) carry usage; text, srt and vtt carry none. An SSE answer read
 * whole (`stream=true` sent after a file that streamed through) has it in its last event.
 */
function usageOfText(text: string, contentType: string): AudioUsage {
  const type = contentType.toLowerCase();
  try {
    if (type.includes('json')) return readAudioUsage(JSON.parse(text));
    if (type.includes('text/event-stream')) {
      const data = text
        .match(/^data: ?(.+)$/gm)
        ?.at(-1)
        ?.replace(/^data: ?/, '');
      return data ? readAudioUsage(JSON.parse(data)) : {};
    }
  } catch {
    // no usage: it is estimated
  }
  return {};
}
