import { OpenAPIHono } from '@hono/zod-openapi';
import {
  checkImageEditFiles,
  type FormField,
  IMAGE_EDIT_FILE_FIELDS,
  InvalidRequestError,
  MAX_EDIT_IMAGES,
  type OpenAIEndpointsGateway,
  readImageEditForm,
  readTranscriptionForm,
} from '@stereos/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { ApiError, invalidRequest } from '../../errors/api-error';
import { type CallRouteDeps, readAndAdmitCall } from '../call/admit-call';
import { checkModelId } from '../chat/read-chat-request';
import { answerHeaders } from './endpoint-caller';
import { imageEditsRoute, transcriptionsRoute, translationsRoute } from './endpoints-doc';
import { type MultipartUpload, readMultipartUpload } from './read-multipart-upload';

/**
 * The multipart routes: `POST /v1/audio/transcriptions`, `/v1/audio/translations` and
 * `/v1/images/edits`. The upload is read as it streams in and each file kept (memory, then a
 * temporary file), so it is never whole in memory and every retry or fallback re-sends it.
 * A transcription whose `model` comes before its `file` starts at once: the file streams through
 * to the first attempt as it arrives (see `UploadTee`). Routed by the form's `model` as chat is.
 */
export function createUploadRoutes(
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: CallRouteDeps,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(transcriptionsRoute);
  app.openAPIRegistry.registerPath(translationsRoute);
  app.openAPIRegistry.registerPath(imageEditsRoute);
  const handle = (translate: boolean) => (c: Context<AppEnv>) =>
    transcribe(c, config, gateway, deps, translate);
  app.post('/v1/audio/transcriptions', handle(false));
  app.post('/v1/audio/translations', handle(true));
  app.post('/v1/images/edits', (c) => editImages(c, config, gateway, deps));
  return app;
}

async function transcribe(
  c: Context<AppEnv>,
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: CallRouteDeps,
  translate: boolean,
): Promise<Response> {
  const upload = await readMultipartUpload(c, {
    maxBytes: config.maxUploadBytes,
    fileFields: ['file'],
    maxFiles: 1,
    docs:
      'with a `file` part and a `model` field ' +
      '(see https://platform.openai.com/docs/api-reference/audio/createTranscription)',
    // `model` decides the target: known before the file, the file can stream through.
    startAtFile: (fields) => fields.some(([name]) => name === 'model'),
  });
  try {
    const form = readTranscriptionForm(upload.fields);
    checkModelId(form.model, 'model');
    const file = upload.files[0];
    if (!file) {
      throw invalidRequest('A `file` part with the audio is required.', 'invalid_value', 'file');
    }
    const { caller, headers } = await readAndAdmitCall(c, deps, form.model, form.stream);
    // Past the cap (or broken) while the call was being admitted: nothing is sent upstream.
    if (upload.failed.aborted) throw upload.failed.reason;
    // Fields after a file that streams through: validated with the whole form, sent after it.
    const after = upload.live
      ? upload.done.then((all) => {
          readTranscriptionForm(all);
          return all.slice(upload.fields.length) as readonly FormField[];
        })
      : undefined;
    const signal = after ? abortOnFailure(caller.signal, upload.failed, after) : caller.signal;
    const result = await gateway.transcribe({
      ...caller,
      signal,
      form,
      file,
      fieldsAfter: after && (() => after),
      translate,
    });
    // The answer came once the upstream had the whole form; it was whole and valid.
    if (after) await after.catch((error) => Promise.reject(toCallFailure(error)));
    // A streamed answer has committed: no attempt will read the spool again.
    const cost = result.kind === 'text' ? result.costUsd : undefined;
    const out = answerHeaders(c, result.served, result.contentType, cost, headers);
    return new Response(result.body, { status: 200, headers: out });
  } finally {
    await upload.dispose();
  }
}

async function editImages(
  c: Context<AppEnv>,
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: CallRouteDeps,
): Promise<Response> {
  const upload: MultipartUpload = await readMultipartUpload(c, {
    maxBytes: config.maxUploadBytes,
    fileFields: IMAGE_EDIT_FILE_FIELDS,
    maxFiles: MAX_EDIT_IMAGES + 1,
    docs:
      'with `image` part(s), a `prompt` field and optionally a `mask` ' +
      '(see https://platform.openai.com/docs/api-reference/images/createEdit)',
  });
  try {
    const form = readImageEditForm(upload.fields);
    checkModelId(form.model, 'model');
    checkImageEditFiles(upload.files.map((file) => file.field));
    const { caller, headers } = await readAndAdmitCall(c, deps, form.model, false);
    const result = await gateway.imageEdit({ ...caller, form, files: upload.files });
    const out = answerHeaders(c, result.served, result.contentType, result.costUsd, headers);
    return new Response(result.body, { status: 200, headers: out });
  } finally {
    await upload.dispose();
  }
}

/**
 * The call's signal, also aborted when the upload fails while the file streams through (413 past
 * the cap, a broken form — `failed`, before the file is cut — or a bad field after the file):
 * the attempt stops at once and the call fails for that reason (not retried, not fallen back
 * from, whatever the cut file did to the attempt meanwhile), answered with its status.
 */
function abortOnFailure(
  signal: AbortSignal | undefined,
  failed: AbortSignal,
  after: Promise<unknown>,
): AbortSignal {
  const controller = new AbortController();
  const link = (from: AbortSignal, reason: () => unknown) => {
    if (from.aborted) controller.abort(reason());
    else from.addEventListener('abort', () => controller.abort(reason()), { once: true });
  };
  if (signal) link(signal, () => signal.reason);
  link(failed, () => toCallFailure(failed.reason));
  after.catch((error) => controller.abort(toCallFailure(error)));
  return controller.signal;
}

/**
 * An upload failure as the core error the call fails with (its status, code and field): the
 * caller's bad input (`InvalidRequestError`, 413 past the cap, 400 for a bad form), so the event
 * says `invalid_request` as for one refused before the call, however far the attempt got.
 */
function toCallFailure(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  return new InvalidRequestError({
    message: error.message,
    code: error.code ?? 'invalid_upload',
    status: error.status === 413 ? 413 : 400,
    param: error.param,
  });
}
