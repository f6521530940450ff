import { OpenAPIHono } from '@hono/zod-openapi';
import {
  DEFAULT_IMAGE_MODEL,
  DEFAULT_MODERATION_MODEL,
  imagesRequestSchema,
  moderationsRequestSchema,
  type OpenAIEndpointsGateway,
  speechRequestSchema,
} from '@stereos/core';
import type { AppEnv } from '../../app-env';
import type { ServerConfig } from '../../config/load-config';
import { readBodyText } from '../../http/read-body-text';
import { type CallRouteDeps, readAndAdmitCall } from '../call/admit-call';
import { answerHeaders, readJsonRequest } from './endpoint-caller';
import { imagesRoute, moderationsRoute, speechRoute } from './endpoints-doc';

/**
 * The JSON routes beside chat: `POST /v1/images/generations` and `POST /v1/moderations` (JSON
 * answers passed on as the upstream wrote them) and `POST /v1/audio/speech` (audio streamed on
 * as it arrives). Each is routed by `model` as chat is, with the same keys, budgets, caps,
 * fallback and one event; a provider without the endpoint answers 400.
 */
export function createJsonEndpointRoutes(
  config: ServerConfig,
  gateway: OpenAIEndpointsGateway,
  deps: CallRouteDeps,
): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath(imagesRoute);
  app.openAPIRegistry.registerPath(moderationsRoute);
  app.openAPIRegistry.registerPath(speechRoute);

  app.post('/v1/images/generations', async (c) => {
    const body = readJsonRequest(
      await readBodyText(c, config.maxBodyBytes),
      imagesRequestSchema,
      'https://platform.openai.com/docs/api-reference/images/create',
    );
    const { caller, headers } = await readAndAdmitCall(
      c,
      deps,
      body.model ?? DEFAULT_IMAGE_MODEL,
      false,
    );
    const result = await gateway.images({ ...caller, body });
    const out = answerHeaders(c, result.served, result.contentType, result.costUsd, headers);
    return new Response(result.body, { status: 200, headers: out });
  });

  app.post('/v1/moderations', async (c) => {
    const body = readJsonRequest(
      await readBodyText(c, config.maxBodyBytes),
      moderationsRequestSchema,
      'https://platform.openai.com/docs/api-reference/moderations/create',
    );
    const model = body.model ?? DEFAULT_MODERATION_MODEL;
    const { caller, headers } = await readAndAdmitCall(c, deps, model, false);
    const result = await gateway.moderations({ ...caller, body });
    const out = answerHeaders(c, result.served, result.contentType, result.costUsd, headers);
    return new Response(result.body, { status: 200, headers: out });
  });

  app.post('/v1/audio/speech', async (c) => {
    const body = readJsonRequest(
      await readBodyText(c, config.maxBodyBytes),
      speechRequestSchema,
      'https://platform.openai.com/docs/api-reference/audio/createSpeech',
    );
    const { caller, headers } = await readAndAdmitCall(c, deps, body.model, true);
    const result = await gateway.speech({ ...caller, body });
    // The cost is known only once the audio has streamed: it is in the event, not a header.
    const out = answerHeaders(c, result.served, result.contentType, undefined, headers);
    return new Response(result.body, { status: 200, headers: out });
  });

  return app;
}
