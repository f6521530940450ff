import { OpenAPIHono } from '@hono/zod-openapi';
import { type OpenAIEndpointsGateway, readTranscriptionForm } from '@stereos/core';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { admitCaller, answerHeaders, type EndpointRouteDeps } from './endpoint-caller';
import { transcriptionsRoute, translationsRoute } from './endpoints-doc';
import { readMultipartUpload } from './read-multipart-upload';

/**
 * `POST /v1/audio/transcriptions` and `/v1/audio/translations`: the multipart upload is read as
 * it streams in and its file spooled (memory, then a temporary file), so it is never whole in
 * memory and every attempt (retry, fallback) re-sends it from the spool. Routed by the form's
 * `model` as chat is; the answer (JSON, text, srt, vtt, or `stream=true` SSE) is passed on.
 */
export function createUploadRoutes(
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: EndpointRouteDeps,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(transcriptionsRoute);
  app.openAPIRegistry.registerPath(translationsRoute);
  const handle = (translate: boolean) => (c: Context<AppEnv>) =>
    transcribe(c, config, gateway, deps, translate);
  app.post('/v1/audio/transcriptions', handle(false));
  app.post('/v1/audio/translations', handle(true));
  return app;
}

async function transcribe(
  c: Context<AppEnv>,
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: EndpointRouteDeps,
  translate: boolean,
): Promise<Response> {
  const upload = await readMultipartUpload(c, config.maxUploadBytes);
  try {
    const form = readTranscriptionForm(upload.fields);
    const { caller, headers } = await admitCaller(c, config, deps, form.model, form.stream);
    const result = await gateway.transcribe({ ...caller, form, file: upload.file, translate });
    // A streamed answer has committed: no attempt will read the spool again.
    const cost = result.kind === 'text' ? result.costUsd : undefined;
    const out = answerHeaders(c, result.served, result.contentType, cost, headers);
    return new Response(result.body, { status: 200, headers: out });
  } finally {
    await upload.dispose();
  }
}
