import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config';
import { mapModel, parseModelMap } from './model-map';

describe('STEREOS_MODEL_MAP', () => {
  it('maps exact ids first, then globs in order', () => {
    const map = parseModelMap(
      'claude-*=gpt-4o, claude-sonnet-4-5=gpt-4o-mini,claude-haiku-4-5*=groq/llama-3.3-70b-versatile',
    );
    expect(mapModel(map, 'claude-sonnet-4-5')).toBe('gpt-4o-mini');
    expect(mapModel(map, 'claude-haiku-4-5-20251001')).toBe('gpt-4o');
    expect(mapModel(map, 'claude-opus-4-1')).toBe('gpt-4o');
    expect(mapModel(map, 'gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(mapModel(parseModelMap(undefined), 'claude-x')).toBe('claude-x');
  });

  it('is read by loadConfig', () => {
    const config = loadConfig({ STEREOS_MODEL_MAP: 'claude-sonnet-4-5=gpt-4o-mini' });
    expect(config.modelMap).toEqual([{ from: 'claude-sonnet-4-5', to: 'gpt-4o-mini' }]);
    expect(loadConfig({}).modelMap).toEqual([]);
  });

  it.each([
    ['claude-sonnet-4-5', /expected from=to/],
    ['=gpt-4o', /expected from=to/],
    ['claude=foo/bar', /'foo\/bar'/],
    ['claude=gpt 4o', /printable ASCII/],
    ['claude=gpt-*', /a target is one model/],
    ['a=gpt-4o,a=gpt-4o-mini', /mapped twice/],
  ])('refuses %s with one line naming the variable', (value, message) => {
    expect(() => loadConfig({ STEREOS_MODEL_MAP: value })).toThrow(message);
    expect(() => loadConfig({ STEREOS_MODEL_MAP: value })).toThrow(/^Invalid STEREOS_MODEL_MAP: /);
  });
});
