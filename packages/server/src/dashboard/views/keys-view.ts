import { html, type SafeHtml } from '../html';
import type { KeyBudgetUsage } from '../queries/key-budget-usage';
import { formatCount, formatTime, formatUsd } from './format';
import { createKeyForm, type KeyJson, keyFields } from './key-form';
import { csrfField, layout, notice, type PageFrame } from './layout';

/** Active, revoked or expired at `now`. */
function statusOf(key: KeyJson, now: number): 'active' | 'revoked' | 'expired' {
  if (key.revoked_at !== null) return 'revoked';
  if (key.expires_at !== null && Date.parse(key.expires_at) <= now) return 'expired';
  return 'active';
}

function budgetCell(key: KeyJson, usage: KeyBudgetUsage | undefined): SafeHtml {
  if (!key.budget || !usage) return html`<span class="muted">no limit</span>`;
  return html`<meter min="0" max="${usage.limitUsd}" value="${Math.min(usage.usedUsd, usage.limitUsd)}" high="${usage.limitUsd * 0.8}" optimum="0"></meter>
<span class="budget">${formatUsd(usage.usedUsd)} used of ${formatUsd(usage.limitUsd)} / ${key.budget.period}</span>
<span class="budget remaining">${formatUsd(usage.remainingUsd)} left</span>`;
}

function actions(key: KeyJson, csrfToken: string, active: boolean): SafeHtml {
  if (!active) return html``;
  return html`<a href="/dashboard/keys/${key.id}">Edit</a>
<form method="post" action="/dashboard/keys/${key.id}/rotate" data-confirm="Rotate ${key.name}? The current secret stops working.">${csrfField(csrfToken)}<button type="submit" name="rotate">Rotate</button></form>
<form method="post" action="/dashboard/keys/${key.id}/revoke" data-confirm="Revoke ${key.name}? It stops working at once.">${csrfField(csrfToken)}<button type="submit" class="danger" name="revoke">Revoke</button></form>`;
}

/** The Keys page: the create form and every key with its limits and budget bar. */
export function keysView(
  frame: PageFrame,
  options: {
    keys: KeyJson[];
    budgets: Map<string, KeyBudgetUsage>;
    now: number;
    error?: string | undefined;
    message?: string | undefined;
  },
): SafeHtml {
  const rows = options.keys.map((key) => {
    const status = statusOf(key, options.now);
    return html`<tr data-key-id="${key.id}" class="${status}">
<th scope="row"><a href="/dashboard/events?key=${encodeURIComponent(key.id)}">${key.name}</a><br><code>${key.id}</code><br><code class="muted">${key.preview}</code></th>
<td><span class="status ${status}">${status}</span></td>
<td class="budget-cell">${budgetCell(key, options.budgets.get(key.id))}</td>
<td class="num">${key.rpm === null ? '—' : formatCount(key.rpm)}</td>
<td class="num">${key.tpm === null ? '—' : formatCount(key.tpm)}</td>
<td>${key.models === null ? html`<span class="muted">all</span>` : key.models.map((m) => html`<code>${m}</code> `)}</td>
<td>${key.expires_at === null ? html`<span class="muted">never</span>` : formatTime(key.expires_at)}</td>
<td class="actions">${actions(key, frame.csrfToken, status === 'active')}</td>
</tr>`;
  });
  return layout(
    frame,
    html`${options.error ? notice('error', options.error) : ''}
${options.message ? notice('ok', options.message) : ''}
${createKeyForm(frame.csrfToken)}
<div class="table-wrap"><table id="keys">
<thead><tr><th scope="col">Key</th><th scope="col">Status</th><th scope="col">Budget</th><th scope="col">RPM</th><th scope="col">TPM</th><th scope="col">Models</th><th scope="col">Expires</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="8" class="empty">No virtual keys yet.</td></tr>`}</tbody>
</table></div>`,
  );
}

/** The edit form of one key. */
export function keyEditView(frame: PageFrame, key: KeyJson, error?: string | undefined): SafeHtml {
  return layout(
    frame,
    html`${error ? notice('error', error) : ''}
<p><code>${key.id}</code> <code class="muted">${key.preview}</code>. An emptied field is cleared (no limit).</p>
<form method="post" action="/dashboard/keys/${key.id}" id="edit-key" class="card">${csrfField(frame.csrfToken)}
${keyFields(key)}
<button type="submit">Save</button> <a href="/dashboard/keys">Cancel</a>
</form>`,
  );
}

/** The secret of a created or rotated key, shown this once, with a copy button. */
export function keySecretView(
  frame: PageFrame,
  key: KeyJson,
  secret: string,
  action: 'created' | 'rotated',
): SafeHtml {
  return layout(
    frame,
    html`${notice('ok', `Key ${key.name} ${action}.`)}
<section class="card secret">
<p><b>Copy the key now: it is shown this once.</b> Only its SHA-256 is stored.</p>
<div class="copy-row"><input id="secret" readonly value="${secret}" aria-label="The new key" spellcheck="false" autocomplete="off">
<button type="button" data-copy="#secret">Copy</button></div>
<p><a href="/dashboard/keys">Back to the keys</a></p>
</section>`,
  );
}
