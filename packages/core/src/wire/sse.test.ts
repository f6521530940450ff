import { describe, expect, it } from 'vitest';
import { encodeSSE, encodeSSEData, SSE_DONE, SSE_DONE_EVENT } from './sse';

// Parsing is `upstream/read-sse.ts` (tested there, round trips with `encodeSSE` included).
describe('encodeSSE', () => {
  it('encodes events, splitting multi-line data', () => {
    expect(encodeSSE({ event: 'ping', data: '{}' })).toBe('event: ping\ndata: {}\n\n');
    expect(encodeSSE({ data: 'a\nb' })).toBe('data: a\ndata: b\n\n');
    expect(encodeSSE({ data: 'a\r\nb\rc' })).toBe('data: a\ndata: b\ndata: c\n\n');
    expect(encodeSSEData({ x: 'a\nb' })).toBe('data: {"x":"a\\nb"}\n\n');
    expect(SSE_DONE_EVENT).toBe(encodeSSE({ data: SSE_DONE }));
  });
});
