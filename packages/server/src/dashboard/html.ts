/*
 * HTML built from template strings, escaped by default. Every interpolated value is escaped
 * unless it is itself `SafeHtml` (the result of another `html` template), so a model id, tag
 * or user named `<script>alert(1)</script>` always shows as text. Attribute values are quoted
 * in the templates and `"`/`'` are escaped too, the rule of OWASP's XSS prevention cheat sheet
 * (https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html).
 * Templates write non-ASCII characters as entities (`&mdash;`, `&rarr;`): a bundler cannot escape
 * a tagged template's text, and one such character makes V8 keep the whole bundle's source at two
 * bytes per character (bench/README.md, "Idle memory").
 */

/** Markup that is already safe: built by `html` or escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: arrays are joined, `null`/`undefined`/`false` print nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text as HTML text or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<td>${model}</td>\``. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i] as HtmlValue) + strings[i + 1];
  return new SafeHtml(out);
}

/**
 * JSON for a `<script type="application/json">` data block (read by the page's script, never
 * executed). `<`, `>` and `&` become `\u003c`…, so no value can close the element or open a
 * comment, and U+2028/2029 are escaped for old parsers.
 */
export function jsonData(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/>/g, '\\u003e')
      .replace(/&/g, '\\u0026')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
