import {
  context,
  isSpanContextValid,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const TRACER_NAME = '@stereos/core';

// The API hands out a proxy tracer that follows whatever SDK is registered (also later), so one
// can be kept instead of looked up on every call.
const tracer = trace.getTracer(TRACER_NAME);

/** Starts the span of one call, named after the GenAI conventions: `chat gpt-4o`. */
export function startCallSpan(args: {
  operation: string;
  requestedModel: string;
  gateway: string;
  stream: boolean;
}): Span {
  return tracer.startSpan(`${args.operation} ${args.requestedModel}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': args.operation,
      'gen_ai.request.model': args.requestedModel,
      'stereos.gateway': args.gateway,
      'stereos.stream': args.stream,
    },
  });
}

/** Starts the child span of one upstream attempt. */
export function startAttemptSpan(
  parent: Span,
  args: {
    attempt: number;
    targetIndex: number;
    provider?: string | undefined;
    model?: string | undefined;
  },
): Span {
  const parentContext = trace.setSpan(context.active(), parent);
  const attributes: Record<string, string | number> = {
    'stereos.attempt': args.attempt,
    'stereos.fallback_index': args.targetIndex,
  };
  if (args.provider) attributes['gen_ai.provider.name'] = args.provider;
  if (args.model) attributes['gen_ai.request.model'] = args.model;
  return tracer.startSpan(
    `attempt ${args.attempt}`,
    { kind: SpanKind.CLIENT, attributes },
    parentContext,
  );
}

/** Ends a span as failed with a (redacted) message. */
export function endSpanWithError(span: Span, message: string, status?: number): void {
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  span.setAttribute('error.type', status !== undefined ? String(status) : 'error');
  span.setStatus({ code: SpanStatusCode.ERROR, message });
  span.end();
}

/**
 * Whether a call span can lead anywhere: false only for the API's no-op span when no SDK is
 * registered and no span is active (invalid context). Its children and attributes are no-ops
 * too, so a call skips building them (hot path: a context and attribute objects per attempt).
 */
export function isTraced(span: Span): boolean {
  return span.isRecording() || isSpanContextValid(span.spanContext());
}
