import type { keyJson } from '../../routes/admin/key-json';
import { html, type SafeHtml } from '../html';
import { csrfField } from './layout';

/** A key as the admin API answers it (`GET /admin/keys`). */
export type KeyJson = ReturnType<typeof keyJson>;

const PERIODS = ['day', 'week', 'month', 'total'] as const;

/** The form fields of a key; on edit, each holds the key's current value. */
export function keyFields(key?: KeyJson): SafeHtml {
  const period = key?.budget?.period ?? 'month';
  const list = (values: string[] | null | undefined) => (values ?? []).join(', ');
  return html`<div class="fields">
<label>Name <input name="name" maxlength="128"${key ? '' : html` required`} value="${key?.name ?? ''}"></label>
<label>Budget (USD) <input name="budget_usd" inputmode="decimal" value="${key?.budget?.limit_usd ?? ''}" placeholder="no limit"></label>
<label>Budget period <select name="budget_period">${PERIODS.map((p) => html`<option value="${p}"${p === period ? html` selected` : ''}>${p}</option>`)}</select></label>
<label>Requests per minute <input name="rpm" inputmode="numeric" value="${key?.rpm ?? ''}" placeholder="no limit"></label>
<label>Tokens per minute <input name="tpm" inputmode="numeric" value="${key?.tpm ?? ''}" placeholder="no limit"></label>
<label>Allowed models <input name="models" value="${list(key?.models)}" placeholder="every model; e.g. gpt-4o*, claude-*"></label>
<label>Expires <input name="expires_at" value="${key?.expires_at ?? ''}" placeholder="never; e.g. 2027-01-01"></label>
<label>User <input name="user" value="${key?.user ?? ''}" placeholder="none"></label>
<label>Tags <input name="tags" value="${list(key?.tags)}" placeholder="none; e.g. ci, nightly"></label>
</div>`;
}

/** The "create a key" form. */
export function createKeyForm(csrfToken: string): SafeHtml {
  return html`<details class="card create"><summary>Create a key</summary>
<form method="post" action="/dashboard/keys" id="create-key">${csrfField(csrfToken)}
${keyFields()}
<button type="submit">Create key</button>
</form></details>`;
}
