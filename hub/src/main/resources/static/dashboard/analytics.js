'use strict';
// Shared by the dashboard and the query builder: asks POST /api/v1/analytics/query and draws its answer with Chart.js.
// Groups folded into "other" are always drawn as such, never dropped; nothing here saves or downloads anything.
window.HubAnalytics = (function () {
  const DIMENSIONS = ['region', 'origin_country', 'currency', 'message_type', 'source', 'format', 'status',
    'residency_outcome', 'mcc'];
  const BUCKETS = ['hour', 'day', 'week', 'month'];
  const MEASURES = ['count', 'sum_amount', 'avg_amount', 'p50_amount', 'p95_amount', 'distinct_cards', 'latency_p95'];
  const CHARTS = ['bar', 'line', 'table'];
  const palette = ['#2f6fdf', '#e07b39', '#3aa876', '#b84bb8', '#d4b106', '#4bb8b8', '#c25a5a', '#6b7bb8'];
  const OTHER_COLOUR = '#8a8f98';
  const HOUR = 3600 * 1000;

  function cookie(name) {
    const found = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : '';
  }

  /** The last `hours` whole hours up to the end of the current one, as the API wants them. */
  function lastHours(hours) {
    const to = Math.floor(Date.now() / HOUR) * HOUR + HOUR;
    return { from: new Date(to - hours * HOUR).toISOString().replace('.000Z', 'Z'), to: new Date(to).toISOString().replace('.000Z', 'Z') };
  }

  /**
   * A builder state: {from, to, filters: {dimension: [values]}, amountMin, amountMax, dimensions: [..], bucket, measure,
   * chart}. It lives in the URL fragment, which the browser never sends: a filter value stays out of every server and
   * proxy log, and the link still reproduces the query.
   */
  function toFragment(state) {
    const p = new URLSearchParams();
    p.set('from', state.from);
    p.set('to', state.to);
    if (state.dimensions.length) {
      p.set('group_by', state.dimensions.join(','));
    }
    if (state.bucket) {
      p.set('bucket', state.bucket);
    }
    p.set('measure', state.measure);
    p.set('chart', state.chart);
    Object.keys(state.filters).forEach((d) => p.set('f.' + d, state.filters[d].join(',')));
    if (state.amountMin !== null && state.amountMin !== undefined) {
      p.set('amount_min', String(state.amountMin));
    }
    if (state.amountMax !== null && state.amountMax !== undefined) {
      p.set('amount_max', String(state.amountMax));
    }
    return '#' + p.toString();
  }

  function fromFragment(hash) {
    const p = new URLSearchParams((hash || '').replace(/^#/, ''));
    if (!p.has('from') || !p.has('to')) {
      return null;
    }
    const filters = {};
    DIMENSIONS.forEach((d) => {
      const values = (p.get('f.' + d) || '').split(',').map((v) => v.trim()).filter((v) => v);
      if (values.length) {
        filters[d] = values;
      }
    });
    const number = (name) => (p.get(name) === null || p.get(name) === '' ? null : Number(p.get(name)));
    return {
      from: p.get('from'),
      to: p.get('to'),
      filters: filters,
      amountMin: number('amount_min'),
      amountMax: number('amount_max'),
      dimensions: (p.get('group_by') || '').split(',').filter((d) => d),
      bucket: p.get('bucket') || '',
      measure: p.get('measure') || 'count',
      chart: CHARTS.includes(p.get('chart')) ? p.get('chart') : 'bar'
    };
  }

  /** The request body for a state: one measure, the one drawn. */
  function body(state) {
    const filters = {};
    Object.keys(state.filters).forEach((d) => {
      filters[d] = state.filters[d].length === 1 ? state.filters[d][0] : state.filters[d];
    });
    if (state.amountMin !== null || state.amountMax !== null) {
      filters.amount_minor = {};
      if (state.amountMin !== null) {
        filters.amount_minor.min = state.amountMin;
      }
      if (state.amountMax !== null) {
        filters.amount_minor.max = state.amountMax;
      }
    }
    const groupBy = state.dimensions.slice();
    if (state.bucket) {
      groupBy.push(state.bucket);
    }
    return { from: state.from, to: state.to, filters: filters, group_by: groupBy, measures: [state.measure] };
  }

  /** Resolves to the answer; rejects with an Error whose `problems` lists what the hub said was wrong. */
  function query(request) {
    return fetch('/api/v1/analytics/query', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') },
      body: JSON.stringify(request)
    }).then((response) => {
      if (response.ok) {
        return response.json();
      }
      return response.text().then((text) => {
        let problem = {};
        try {
          problem = JSON.parse(text);
        } catch (notJson) {
          // a login page or a proxy's error: only the status is worth showing
        }
        const error = new Error(problem.title || 'analytics query failed (HTTP ' + response.status + ')');
        if (response.status === 429) {
          error.problems = [problem.detail || 'too many analytics queries',
            'try again in ' + (response.headers.get('Retry-After') || '60') + ' seconds'];
        } else if (response.status === 401 || response.status === 403) {
          error.problems = ['the session has ended or lacks the analyst role: log in again'];
        } else {
          error.problems = Array.isArray(problem.problems) ? problem.problems : [problem.detail || 'HTTP ' + response.status];
        }
        error.status = response.status;
        throw error;
      });
    });
  }

  /** Short hours on a chart's axis ("03-10 09h"), the whole date in a table. */
  function timeLabel(bucket, iso, full) {
    const t = new Date(iso).toISOString();
    switch (bucket) {
      case 'hour': return t.substring(full ? 0 : 5, 13).replace('T', ' ') + 'h';
      case 'week': return 'week of ' + t.substring(0, 10);
      case 'month': return t.substring(0, 7);
      default: return t.substring(0, 10);
    }
  }

  /** Every hour or day of the range (an empty one is a gap, not a zero); weeks and months as the answer has them. */
  function timeline(answer, bucket) {
    const seen = [...new Set(answer.rows.map((r) => r[bucket]).filter((t) => t))].map((t) => new Date(t).toISOString());
    const step = { hour: HOUR, day: 24 * HOUR }[bucket];
    if (step && Date.parse(answer.to) - Date.parse(answer.from) <= 1000 * step) {
      const all = [];
      for (let t = Math.floor(Date.parse(answer.from) / step) * step; t < Date.parse(answer.to); t += step) {
        all.push(new Date(t).toISOString());
      }
      return all;
    }
    return seen.sort();
  }

  const shown = (v) => (v === null || v === undefined ? '(none)' : String(v));

  /** "other (5 groups)", with its currency when folds are per currency, "not released" when the fold is too small. */
  function otherLabel(other, bare) {
    return 'other' + (other.currency ? ' ' + other.currency : '') + ' (' + other.groups + ' group' + (other.groups === 1 ? '' : 's') + ')'
      + (other.released || bare ? '' : ' — not released');
  }

  function otherValue(other, measure) {
    return other.released && other.values ? other.values[measure] : null;
  }

  /**
   * Draws an answer into target {canvas, table, notes} as view.chart (bar, line or table) of view.measure. Returns what
   * was drawn: {rows, other, suppressed, chart}.
   */
  function draw(target, answer, view) {
    const measure = view.measure || answer.measures[0];
    const bucket = answer.group_by.find((g) => BUCKETS.includes(g));
    const dims = answer.group_by.filter((g) => !BUCKETS.includes(g));
    const key = (row) => (dims.length ? dims.map((d) => shown(row[d])).join(' · ') : measure);
    const others = answer.other || [];
    const existing = target.canvas ? Chart.getChart(target.canvas) : undefined;
    if (existing) {
      existing.destroy();
    }
    let chart;
    if (view.chart === 'table') {
      drawTable(target.table, answer, measure, others);
    } else {
      chart = new Chart(target.canvas, config(answer, view.chart, measure, bucket, dims.length > 0, key, others));
    }
    if (target.canvas) {
      target.canvas.hidden = view.chart === 'table';
    }
    if (target.table) {
      target.table.hidden = view.chart !== 'table';
    }
    if (target.notes) {
      const notes = [];
      others.forEach((o) => notes.push(otherLabel(o) + (o.released ? ': ' + (otherValue(o, measure) ?? '–').toLocaleString('en') : '')));
      notes.push(answer.suppressed_groups + ' group' + (answer.suppressed_groups === 1 ? '' : 's') + ' suppressed (under '
        + answer.release.min_group_size + ' payments or cards), counts rounded to ' + answer.release.rounding_base);
      target.notes.textContent = notes.join(' · ');
    }
    return { rows: answer.rows.length, other: others.length > 0, suppressed: answer.suppressed_groups, chart: chart };
  }

  function config(answer, type, measure, bucket, named, key, others) {
    const bar = type === 'bar';
    let labels;
    let datasets;
    if (bucket) {
      const times = timeline(answer, bucket);
      const series = [...new Set(answer.rows.map(key))];
      labels = times.map((t) => timeLabel(bucket, t));
      datasets = series.map((s, i) => ({
        label: s,
        borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length],
        data: times.map((t) => {
          const row = answer.rows.find((r) => key(r) === s && r[bucket] && new Date(r[bucket]).toISOString() === t);
          return row ? row[measure] : null;
        })
      }));
      if (bar && others.length) {
        // the folds hold groups of every time bucket: they stand beside the timeline, not on it
        others.forEach((o) => labels.push(otherLabel(o)));
        datasets.forEach((d) => others.forEach(() => d.data.push(null)));
        datasets.push({ label: 'other', backgroundColor: OTHER_COLOUR, data: times.map(() => null).concat(others.map((o) => otherValue(o, measure))) });
      }
    } else {
      labels = answer.rows.map(key);
      const data = answer.rows.map((r) => r[measure]);
      const colours = answer.rows.map(() => palette[0]);
      if (bar) {
        others.forEach((o) => {
          labels.push(otherLabel(o));
          data.push(otherValue(o, measure));
          colours.push(OTHER_COLOUR);
        });
      }
      datasets = [{ label: measure, data: data, backgroundColor: bar ? colours : palette[0], borderColor: palette[0] }];
    }
    // counts add up across series; amounts of different currencies, percentiles and distinct cards do not
    const stacked = bar && bucket && measure === 'count';
    return {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        datasets: { bar: { skipNull: true } },
        // a legend names the series over time (one region is still a region); bars by group are named on the axis
        plugins: { legend: { display: Boolean(bucket && named) || datasets.length > 1 } },
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } }
      }
    };
  }

  function drawTable(table, answer, measure, others) {
    table.replaceChildren();
    const head = table.createTHead().insertRow();
    answer.group_by.concat([measure]).forEach((name) => {
      const th = document.createElement('th');
      th.textContent = name;
      head.appendChild(th);
    });
    const rows = table.createTBody();
    answer.rows.forEach((r) => {
      const tr = rows.insertRow();
      answer.group_by.forEach((g) => {
        tr.insertCell().textContent = BUCKETS.includes(g) ? timeLabel(g, r[g], true) : shown(r[g]);
      });
      tr.insertCell().textContent = shown(r[measure]);
    });
    others.forEach((o) => {
      const tr = rows.insertRow();
      tr.className = 'other';
      const label = tr.insertCell();
      label.colSpan = Math.max(answer.group_by.length, 1);
      label.textContent = otherLabel(o, true);   // its value cell says "not released"
      tr.insertCell().textContent = o.released ? shown(otherValue(o, measure)) : 'not released';
    });
  }

  return {
    DIMENSIONS: DIMENSIONS, BUCKETS: BUCKETS, MEASURES: MEASURES, CHARTS: CHARTS,
    cookie: cookie, lastHours: lastHours, toFragment: toFragment, fromFragment: fromFragment, body: body, query: query,
    draw: draw, otherLabel: otherLabel
  };
}());
