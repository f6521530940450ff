import { html, type SafeHtml } from '../html';
import type { PageFrame } from './layout';
import { bareLayout, layout, notice } from './layout';

/** An error page: inside the layout when signed in, bare otherwise. */
export function errorView(message: string, frame?: PageFrame): SafeHtml {
  const content = html`${notice('error', message)}<p><a href="/dashboard">Back to the dashboard</a></p>`;
  return frame ? layout(frame, content) : bareLayout('Error', content);
}
