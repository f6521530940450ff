import { describe, expect, it } from 'vitest';
import { keyBodyOf } from './key-form-body';

describe('key form → admin API body', () => {
  it('create: sets only the filled fields, numbers and lists translated', () => {
    expect(
      keyBodyOf(
        {
          name: ' ci ',
          budget_usd: '2.5',
          budget_period: 'week',
          rpm: '60',
          tpm: '',
          models: 'gpt-4o*, claude-*',
          tags: 'a b, c',
          user: '',
        },
        'create',
      ),
    ).toEqual({
      name: 'ci',
      budget: { limit_usd: 2.5, period: 'week' },
      rpm: 60,
      models: ['gpt-4o*', 'claude-*'],
      tags: ['a b', 'c'],
    });
  });

  it('update: an emptied field clears it; the name is kept when empty', () => {
    expect(keyBodyOf({ name: '', budget_usd: '', rpm: '5', expires_at: '' }, 'update')).toEqual({
      budget: null,
      rpm: 5,
      tpm: null,
      models: null,
      tags: null,
      expires_at: null,
      user: null,
    });
  });

  it('passes what is not a number on as text, for the admin API to refuse', () => {
    expect(keyBodyOf({ name: 'x', rpm: '-1', tpm: '1e3' }, 'create')).toMatchObject({
      rpm: '-1',
      tpm: '1e3',
    });
  });
});
