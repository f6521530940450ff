/**
 * A submitted key form as an admin API body. Only the form's shape is translated here (text to
 * numbers and lists); every rule (ranges, globs, dates, lengths) is the admin API's, which
 * answers the error shown to the user. A value that is not a number is passed on as text, so
 * the API refuses it with its own message. On update, an emptied field is sent as `null`,
 * which clears it.
 */
export function keyBodyOf(
  form: Record<string, string>,
  mode: 'create' | 'update',
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const field = (name: string) => (form[name] ?? '').trim();
  const set = (name: string, raw: string, value: () => unknown) => {
    if (raw !== '') body[name] = value();
    else if (mode === 'update') body[name] = null;
  };
  const name = field('name');
  if (mode === 'create' || name !== '') body['name'] = name;
  set('budget', field('budget_usd'), () => ({
    limit_usd: numberOf(field('budget_usd')),
    period: field('budget_period') || 'month',
  }));
  set('rpm', field('rpm'), () => numberOf(field('rpm')));
  set('tpm', field('tpm'), () => numberOf(field('tpm')));
  set('models', field('models'), () => listOf(field('models')));
  set('tags', field('tags'), () => listOf(field('tags')));
  set('expires_at', field('expires_at'), () => field('expires_at'));
  set('user', field('user'), () => field('user'));
  return body;
}

function numberOf(raw: string): number | string {
  return /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

/** `gpt-4o*, claude-*` → `['gpt-4o*', 'claude-*']`. */
function listOf(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
