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
  });
});
