import { redactSecrets } from '../util/redact';
import { toGatewayCallError } from './gateway-call-error';

/**
 * The OpenAI-style error body sent in-band when a stream fails after its first content part
 * (`data: {"error": {…}}`), by the same mapping as error answers (the upstream's own type and
 * code when it sent them), redacted.
 */
export function upstreamFailureBody(
  error: unknown,
  secrets: readonly (string | undefined)[],
): { error: { message: string; type: string; code: string | null } } {
  const mapped = toGatewayCallError(error);
  return {
    error: {
      message: redactSecrets(mapped.message, secrets),
      type: mapped.type,
      code: mapped.code || null,
    },
  };
}
