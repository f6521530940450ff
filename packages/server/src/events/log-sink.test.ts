import type { GatewayEvent } from '@stereos/core';
import { describe, expect, it } from 'vitest';
import { createLogSink } from './log-sink';

describe('createLogSink', () => {
  it('writes one JSON line per event', () => {
    const lines: string[] = [];
    const sink = createLogSink((line) => lines.push(line));
    sink({ id: 'evt_1', status: 'success', provider: 'openai' } as GatewayEvent);
    sink({ id: 'evt_2', status: 'error' } as GatewayEvent);
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      msg: 'gateway_event',
      id: 'evt_1',
      provider: 'openai',
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', id: 'evt_2' });
    // The two log fields lead, whatever the event holds (even nothing).
    expect(lines[0]!.startsWith('{"level":"info","msg":"gateway_event","id":"evt_1"')).toBe(true);
    sink({} as GatewayEvent);
    expect(JSON.parse(lines[2]!)).toEqual({ level: 'warn', msg: 'gateway_event' });
  });
});
