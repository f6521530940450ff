import { redactSecrets } from '../util/redact';
import { classifyError } from './classify-error';
import { clientStatusOf } from './gateway-call-error';
import { UpstreamHttpError } from './upstream-http-error';

/**
 * The OpenAI-style error body sent in-band when a stream fails after its first content part
 * (`data: {"error": {…}}`): the upstream's own type and code when it sent them, redacted.
 */
export function upstreamFailureBody(
  error: unknown,
  secrets: readonly (string | undefined)[],
): { error: { message: string; type: string; code: string | null } } {
  const failure = classifyError(error);
  const mapped = clientStatusOf(failure);
  const upstream = UpstreamHttpError.isInstance(error) ? error : undefined;
  return {
    error: {
      message: redactSecrets(failure.message, secrets),
      type: upstream?.upstreamType ?? mapped.type,
      code: upstream?.upstreamCode ?? mapped.code,
    },
  };
}
