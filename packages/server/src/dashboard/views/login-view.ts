import { CSRF_FIELD } from '../csrf';
import { html, type SafeHtml } from '../html';
import { bareLayout, notice } from './layout';

/** The sign-in form: the master key or a virtual key, posted with the form's CSRF token. */
export function loginView(options: {
  csrfToken: string;
  error?: string | undefined;
  message?: string | undefined;
}): SafeHtml {
  return bareLayout(
    'Sign in',
    html`<form method="post" action="/dashboard/login" class="login card">
<h1>Stereos dashboard</h1>
${options.error ? notice('error', options.error) : ''}
${options.message ? notice('info', options.message) : ''}
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
<label for="key">Key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required maxlength="256" placeholder="STEREOS_MASTER_KEY or sk-st-&hellip;" autofocus>
<p class="hint">The master key manages every key and sees all usage; a virtual key sees only its own usage and events.</p>
<button type="submit">Sign in</button>
</form>`,
  );
}
