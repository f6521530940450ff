/** The requests every benchmark sends, shared with the fake upstream child that answers them. */

export const CHAT_PATH = '/v1/chat/completions';

/** Passthrough auth: the Stereos server forwards this key, the bare proxy forwards the header. */
export const CHAT_HEADERS = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench',
};

export const SHORT_PROMPT = 'Say hello in five words.';

/** The fake upstream streams its answer to this prompt in ten chunks 2 ms apart. */
export const PACED_PROMPT = 'Count to ten, slowly.';

/** The fake upstream streams its answer to this prompt in twenty chunks 50 ms apart (1 s). */
export const LONG_PROMPT = 'Count to twenty, very slowly.';
export const LONG_CHUNKS = 20;
export const LONG_CHUNK_DELAY_MS = 50;

/** What Portkey needs to send a request to the fake upstream as an OpenAI call. */
export function portkeyHeaders(upstreamUrl: string): Record<string, string> {
  return {
    ...CHAT_HEADERS,
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': `${upstreamUrl}/v1`,
  };
}

export function chatBody(options: { stream: boolean; prompt?: string }): string {
  return JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: options.prompt ?? SHORT_PROMPT }],
    ...(options.stream ? { stream: true } : {}),
  });
}
