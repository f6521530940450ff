import { describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonData } from './html';

describe('html', () => {
  it('escapes every interpolated value, in text and in quoted attributes', () => {
    const name = `<script>alert(1)</script>"'&`;
    expect(html`<td title="${name}">${name}</td>`.value).toBe(
      '<td title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;</td>',
    );
  });

  it('keeps nested templates, joins arrays, prints nothing for null, undefined and false', () => {
    const rows = ['a', '<b>'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${rows}${null}${undefined}${false}${0}</ul>`.value).toBe(
      '<ul><li>a</li><li>&lt;b&gt;</li>0</ul>',
    );
  });

  it('escapes JSON for a data block: nothing can close the element', () => {
    const block = jsonData({ label: '</script><script>alert(1)</script>', amp: 'a&b' }).value;
    expect(block).not.toMatch(/[<>&]/);
    expect(JSON.parse(block)).toEqual({ label: '</script><script>alert(1)</script>', amp: 'a&b' });
  });

  it('escapeHtml leaves plain text alone', () => {
    expect(escapeHtml('gpt-4o-mini')).toBe('gpt-4o-mini');
  });
});
