/** Text of a message `content`: a string, or the `text` of its parts (OpenAI and Anthropic). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const texts: string[] = [];
  for (const part of content) {
    if (part && typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join(' ');
}

/** The text of the last `user` message, used by the echo reply. */
export function lastUserText(body: any): string {
  const messages: unknown = body?.messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

/** Character count of the prompt (system + messages) for rough input-token estimates. */
export function promptChars(body: any): number {
  let chars = contentText(body?.system).length;
  const messages: unknown = body?.messages;
  if (!Array.isArray(messages)) return chars;
  for (const message of messages) chars += contentText(message?.content).length;
  return chars;
}
