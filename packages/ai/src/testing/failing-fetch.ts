/**
 * A fetch whose first `count` calls get an OpenAI-shaped error answer with `status` (the fake
 * upstream queues behaviours for chat only); later calls reach the real upstream.
 * https://platform.openai.com/docs/guides/error-codes
 */
export function failingFetch(
  count: number,
  status: number,
  message = 'The server had an error while processing your request.',
): typeof fetch {
  let calls = 0;
  return (input, init) => {
    if (calls++ >= count) return fetch(input, init);
    const body = { error: { message, type: 'server_error', param: null, code: null } };
    return Promise.resolve(Response.json(body, { status }));
  };
}
