// Stereos dashboard: the one script of the pages (the CSP allows no inline script). Every page
// works without it; it adds the charts, the live feed, copy buttons, confirmations and
// submit-on-change. Values are written with textContent only, never as HTML.
(() => {
  const COLORS = [
    '#3056d3',
    '#e8590c',
    '#2b8a3e',
    '#c2255c',
    '#7048e8',
    '#0c8599',
    '#e67700',
    '#5c940d',
    '#868e96',
  ];

  const formatTime = (iso) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  };
  const formatUsd = (usd) => {
    if (usd === undefined || usd === null) return '—';
    const digits = Math.abs(usd) < 1 ? 6 : 2;
    return `$${usd.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  };
  const formatCount = (n) => Math.round(n).toLocaleString('en-US');
  const formatMs = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

  function autosubmit() {
    for (const form of document.querySelectorAll('form[data-autosubmit]')) {
      for (const select of form.querySelectorAll('select')) {
        select.addEventListener('change', () => {
          // A preset replaces a custom range.
          if (select.name === 'range') {
            for (const input of form.querySelectorAll('input[type="datetime-local"]')) {
              input.value = '';
            }
          }
          form.requestSubmit();
        });
      }
    }
  }

  function confirmations() {
    for (const form of document.querySelectorAll('form[data-confirm]')) {
      form.addEventListener('submit', (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
  }

  function copyButtons() {
    for (const button of document.querySelectorAll('button[data-copy]')) {
      button.addEventListener('click', async () => {
        const input = document.querySelector(button.dataset.copy);
        if (!input) return;
        input.select();
        try {
          await navigator.clipboard.writeText(input.value);
        } catch {
          // No clipboard API outside secure contexts: the text stays selected for Ctrl+C.
          document.execCommand('copy');
        }
        button.textContent = 'Copied';
      });
    }
  }

  function charts() {
    const source = document.getElementById('overview-data');
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const style = getComputedStyle(document.body);
    const ink = style.color;
    const grid = style.getPropertyValue('--line').trim() || '#ddd';
    for (const el of document.querySelectorAll('.chart[data-metric]')) {
      const metric = el.dataset.metric;
      const series = data.series.map((s) => s[metric]);
      let total = 0;
      for (const values of series) for (const v of values) total += v;
      el.dataset.total = String(total);
      el.dataset.series = String(series.length);
      if (data.x.length === 0 || series.length === 0 || typeof uPlot === 'undefined') {
        el.textContent = 'No requests in this range.';
        continue;
      }
      const format = metric === 'spend' ? formatUsd : formatCount;
      const height = 260;
      const plot = new uPlot(
        {
          width: el.clientWidth || 600,
          height,
          tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
          scales: {
            x: { time: true },
            y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
          },
          series: [
            { label: 'UTC' },
            ...data.series.map((s, i) => ({
              label: s.label,
              stroke: COLORS[i % COLORS.length],
              fill: `${COLORS[i % COLORS.length]}22`,
              width: 2,
              points: { show: true, size: 6 },
              value: (_u, v) => (v === null || v === undefined ? '—' : format(v)),
            })),
          ],
          axes: [
            { stroke: ink, grid: { stroke: grid } },
            {
              stroke: ink,
              grid: { stroke: grid },
              size: 80,
              values: (_u, ticks) => ticks.map((v) => (metric === 'spend' ? `$${v}` : String(v))),
            },
          ],
        },
        [data.x, ...series],
        el,
      );
      el.dataset.rendered = 'true';
      new ResizeObserver(() => {
        if (el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height });
      }).observe(el);
    }
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function eventRow(event) {
    const tr = document.createElement('tr');
    tr.dataset.eventId = event.id;
    tr.className = `status-${event.status} fresh`;
    const time = document.createElement('td');
    const link = document.createElement('a');
    link.href = `/dashboard/event/${encodeURIComponent(event.id)}`;
    link.textContent = formatTime(event.timestamp);
    time.append(link);
    const status = document.createElement('td');
    const badge = document.createElement('span');
    badge.className = `status ${event.status}`;
    badge.textContent = event.status;
    status.append(badge);
    tr.append(
      time,
      status,
      cell(event.model ?? event.requestedModel),
      cell(event.provider ?? '—'),
      cell(event.keyId ?? '—'),
      cell(event.user ?? '—'),
      cell((event.tags ?? []).join(', ')),
      cell(formatMs(event.latencyMs), 'num'),
      cell(`${formatCount(event.inputTokens)} / ${formatCount(event.outputTokens)}`, 'num'),
      cell(formatUsd(event.costUsd), 'num'),
      cell(event.cacheHit ? 'hit' : ''),
    );
    return tr;
  }

  function live() {
    const table = document.getElementById('live');
    if (!table) return;
    const rows = document.getElementById('live-rows');
    const state = document.getElementById('live-state');
    const droppedText = document.getElementById('live-dropped');
    const MAX_ROWS = 200;
    let received = 0;
    let dropped = 0;
    const setState = (name, text) => {
      state.dataset.state = name;
      state.textContent = text;
    };
    setState('idle', 'Connecting…');
    const source = new EventSource(table.dataset.stream);
    source.addEventListener('open', () => setState('open', 'Live: new events appear at the top.'));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        setState('error', 'Disconnected. Reload the page (you may need to sign in again).');
      } else setState('error', 'Reconnecting…');
    });
    // Ids already shown (the server-rendered rows, earlier messages): a row appears once.
    const shown = new Set(Array.from(rows.rows, (row) => row.dataset.eventId));
    source.addEventListener('gateway-event', (message) => {
      const event = JSON.parse(message.data);
      if (shown.has(event.id)) return;
      shown.add(event.id);
      rows.prepend(eventRow(event));
      while (rows.rows.length > MAX_ROWS) rows.deleteRow(-1);
      // Bounded: past a while, only the rows still on the page are remembered.
      if (shown.size > 5 * MAX_ROWS) {
        shown.clear();
        for (const row of rows.rows) shown.add(row.dataset.eventId);
      }
      received += 1;
      table.dataset.received = String(received);
    });
    source.addEventListener('dropped', (message) => {
      dropped += JSON.parse(message.data).dropped;
      droppedText.textContent = `${dropped} events skipped: this page read too slowly.`;
    });
    source.addEventListener('end', () => {
      source.close();
      setState('error', 'Your session ended. Reload to sign in again.');
    });
  }

  autosubmit();
  confirmations();
  copyButtons();
  charts();
  live();
})();
