import { NO_GROUP } from '../../stores/memory/summarize-usage';
import { html, jsonData, type SafeHtml } from '../html';
import type { Overview, OverviewGroup } from '../queries/overview-query';
import { SPLITS } from '../queries/split';
import { RANGE_PRESETS } from '../queries/time-range';
import {
  formatCount,
  formatMs,
  formatPercent,
  formatTime,
  formatUsd,
  toDateTimeLocal,
} from './format';
import { layout, notice, type PageFrame } from './layout';

const SPLIT_LABELS: Record<(typeof SPLITS)[number], string> = {
  model: 'Model',
  provider: 'Provider',
  key: 'Key',
  user: 'User',
  tag: 'Tag',
};

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

function controls(overview: Overview): SafeHtml {
  const { range, split } = overview;
  const presets = Object.keys(RANGE_PRESETS).map((p) => option(p, `Last ${p}`, range.preset === p));
  return html`<form method="get" action="/dashboard/overview" class="controls" data-autosubmit>
<label>Range <select name="range">${presets}${range.preset === 'custom' ? option('custom', 'Custom', true) : ''}</select></label>
<label>By <select name="bucket">${option('hour', 'Hour', range.bucket === 'hour')}${option('day', 'Day', range.bucket === 'day')}</select></label>
<label>Split by <select name="split">${SPLITS.map((s) => option(s, SPLIT_LABELS[s], s === split))}</select></label>
<details class="custom"${range.preset === 'custom' ? html` open` : ''}><summary>Custom range (UTC)</summary>
<label>From <input type="datetime-local" name="from" value="${range.preset === 'custom' ? toDateTimeLocal(range.from) : ''}"></label>
<label>To <input type="datetime-local" name="to" value="${range.preset === 'custom' ? toDateTimeLocal(range.to) : ''}"></label>
</details>
<button type="submit">Apply</button>
</form>`;
}

function stat(label: string, value: string, id: string, detail?: string): SafeHtml {
  return html`<div class="stat"><span class="label">${label}</span><span class="value" id="${id}">${value}</span>${detail ? html`<span class="detail">${detail}</span>` : ''}</div>`;
}

function totalsView(overview: Overview): SafeHtml {
  const t = overview.totals;
  return html`<section class="stats" aria-label="Totals">
${stat('Spend', formatUsd(t.costUsd), 'total-spend')}
${stat('Requests', formatCount(t.requests), 'total-requests')}
${stat('Error rate', formatPercent(t.errorRate), 'total-error-rate', `${formatCount(t.errors)} ${t.errors === 1 ? 'error' : 'errors'}`)}
${stat('Latency p50', formatMs(t.p50LatencyMs), 'total-p50')}
${stat('Latency p95', formatMs(t.p95LatencyMs), 'total-p95')}
${stat('Cache hit rate', formatPercent(t.cacheHitRate), 'total-cache-hit-rate', `${formatCount(t.cacheHits)} ${t.cacheHits === 1 ? 'hit' : 'hits'}`)}
${stat('Tokens', `${formatCount(t.inputTokens)} in`, 'total-tokens', `${formatCount(t.outputTokens)} out`)}
</section>`;
}

function groupName(group: OverviewGroup): string {
  return group.other ? 'other' : group.group;
}

function groupsTable(overview: Overview): SafeHtml {
  const rows = overview.groups.map(
    (g) => html`<tr><th scope="row">${g.group === NO_GROUP ? html`<i>${g.group}</i>` : g.group}</th>
<td class="num">${formatCount(g.requests)}</td><td class="num">${formatCount(g.errors)}</td>
<td class="num">${formatUsd(g.costUsd)}</td><td class="num">${formatCount(g.inputTokens)}</td>
<td class="num">${formatCount(g.outputTokens)}</td><td class="num">${formatCount(g.cacheHits)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table id="groups">
<caption>By ${SPLIT_LABELS[overview.split].toLowerCase()}</caption>
<thead><tr><th scope="col">${SPLIT_LABELS[overview.split]}</th><th scope="col">Requests</th><th scope="col">Errors</th><th scope="col">Spend</th><th scope="col">Input tokens</th><th scope="col">Output tokens</th><th scope="col">Cache hits</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="7" class="empty">No requests in this range.</td></tr>`}</tbody>
</table></div>`;
}

function bucketsTable(overview: Overview): SafeHtml {
  // An event with several tags is in several tag groups: per-bucket sums would count it twice.
  if (overview.split === 'tag') return html``;
  const rows = overview.buckets.map((start, i) => {
    let requests = 0;
    let spend = 0;
    for (const g of overview.charted) {
      requests += g.requestsSeries[i] ?? 0;
      spend += g.spendSeries[i] ?? 0;
    }
    return html`<tr><th scope="row">${formatTime(start)}</th><td class="num">${formatCount(requests)}</td><td class="num">${formatUsd(spend)}</td></tr>`;
  });
  return html`<details class="buckets"><summary>Per ${overview.range.bucket} (table)</summary>
<div class="table-wrap"><table id="buckets"><thead><tr><th scope="col">Start (UTC)</th><th scope="col">Requests</th><th scope="col">Spend</th></tr></thead>
<tbody>${rows}</tbody></table></div></details>`;
}

/** What the chart script reads: bucket starts (epoch seconds) and one series per group. */
function chartData(overview: Overview) {
  return {
    bucket: overview.range.bucket,
    x: overview.buckets.map((start) => start / 1000),
    series: overview.charted.map((g) => ({
      label: groupName(g),
      requests: g.requestsSeries,
      spend: g.spendSeries.map((usd) => Math.round(usd * 1e9) / 1e9),
    })),
  };
}

/** The Overview page: range and split controls, totals, two charts and the tables behind them. */
export function overviewView(frame: PageFrame, overview: Overview): SafeHtml {
  const { range } = overview;
  return layout(
    { ...frame, charts: true },
    html`${controls(overview)}
<p class="range">${formatTime(range.from)} &rarr; ${formatTime(range.to)}, by ${range.bucket} (UTC)</p>
${overview.truncated ? notice('info', `Only the newest ${formatCount(overview.scanned)} events of this range were read: totals are partial.`) : ''}
${totalsView(overview)}
<section class="charts">
<figure><figcaption>Spend (USD) by ${SPLIT_LABELS[overview.split].toLowerCase()}</figcaption><div class="chart" id="chart-spend" data-metric="spend" role="img" aria-label="Spend over time"></div></figure>
<figure><figcaption>Requests by ${SPLIT_LABELS[overview.split].toLowerCase()}</figcaption><div class="chart" id="chart-requests" data-metric="requests" role="img" aria-label="Requests over time"></div></figure>
</section>
<script type="application/json" id="overview-data">${jsonData(chartData(overview))}</script>
${groupsTable(overview)}
${bucketsTable(overview)}`,
  );
}
