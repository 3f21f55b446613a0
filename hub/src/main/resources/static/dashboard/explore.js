'use strict';
// The analyst's query builder: controls to a query, the query to the URL fragment and to the hub, the answer to a chart.
(function () {
  const A = window.HubAnalytics;
  const $ = (id) => document.getElementById(id);
  const AMOUNTS = [0, 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000];

  function option(select, value, text) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.appendChild(o);
  }

  function buildControls() {
    A.DIMENSIONS.forEach((d) => {
      const label = document.createElement('label');
      label.textContent = d + ' ';
      const input = document.createElement('input');
      input.type = 'text';
      input.id = 'filter-' + d;
      input.dataset.dimension = d;
      input.autocomplete = 'off';
      label.appendChild(input);
      $('filters').appendChild(label);
    });
    ['amount-min', 'amount-max'].forEach((id) => {
      option($(id), '', 'any');
      AMOUNTS.forEach((a) => option($(id), String(a), a.toLocaleString('en')));
    });
    document.querySelectorAll('select.dimension').forEach((select) => {
      option(select, '', '—');
      A.DIMENSIONS.forEach((d) => option(select, d, d));
    });
    option($('bucket'), '', 'no time bucket');
    A.BUCKETS.forEach((b) => option($('bucket'), b, b));
    A.MEASURES.forEach((m) => option($('measure'), m, m));
  }

  /** "2025-03-10", "2025-03-10 09", "2025-03-10T09:00" and the like, read as UTC; anything else is left for the hub to name. */
  function instant(text) {
    const m = text.trim().match(/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2}))?)?)?Z?$/);
    if (!m) {
      return text.trim();
    }
    return m[1] + 'T' + (m[2] || '00') + ':' + (m[3] || '00') + ':' + (m[4] || '00') + 'Z';
  }

  function readControls() {
    const filters = {};
    document.querySelectorAll('#filters input').forEach((input) => {
      const values = input.value.split(',').map((v) => v.trim()).filter((v) => v);
      if (values.length) {
        filters[input.dataset.dimension] = values;
      }
    });
    const amount = (id) => ($(id).value === '' ? null : Number($(id).value));
    const dimensions = [...document.querySelectorAll('select.dimension')].map((s) => s.value).filter((d) => d);
    return {
      from: instant($('from').value),
      to: instant($('to').value),
      filters: filters,
      amountMin: amount('amount-min'),
      amountMax: amount('amount-max'),
      dimensions: [...new Set(dimensions)],
      bucket: $('bucket').value,
      measure: $('measure').value,
      chart: document.querySelector('input[name=chart]:checked').value
    };
  }

  function writeControls(state) {
    $('from').value = state.from;
    $('to').value = state.to;
    document.querySelectorAll('#filters input').forEach((input) => {
      input.value = (state.filters[input.dataset.dimension] || []).join(', ');
    });
    $('amount-min').value = state.amountMin === null ? '' : String(state.amountMin);
    $('amount-max').value = state.amountMax === null ? '' : String(state.amountMax);
    document.querySelectorAll('select.dimension').forEach((select, i) => {
      select.value = state.dimensions[i] || '';
    });
    $('bucket').value = A.BUCKETS.includes(state.bucket) ? state.bucket : '';
    $('measure').value = A.MEASURES.includes(state.measure) ? state.measure : 'count';
    document.querySelector('input[name=chart][value=' + state.chart + ']').checked = true;
  }

  /** What the page can tell before asking the hub; the hub checks everything again and names its own problems. */
  function localProblems(state) {
    const problems = [];
    if (state.chart === 'line' && !state.bucket) {
      problems.push('chart: a line over time needs a time bucket (hour, day, week or month)');
    }
    if (state.dimensions.length > 3) {
      problems.push('group_by: at most 3 dimensions');
    }
    return problems;
  }

  function showProblems(title, problems) {
    $('problem-title').textContent = title;
    $('problem-list').replaceChildren(...problems.map((p) => {
      const li = document.createElement('li');
      li.textContent = p;
      return li;
    }));
    $('problems').hidden = false;
    document.body.dataset.state = 'error';
    document.body.dataset.problems = String(problems.length);
  }

  function caption(state) {
    const by = state.dimensions.concat(state.bucket ? [state.bucket] : []);
    return state.measure + (by.length ? ' by ' + by.join(', ') : '') + ', ' + state.from.replace(':00:00Z', 'h') + ' to '
      + state.to.replace(':00:00Z', 'h') + ' UTC';
  }

  function run(state) {
    $('problems').hidden = true;
    delete document.body.dataset.problems;
    const fragment = A.toFragment(state);
    if (window.location.hash !== fragment) {
      // each new query a step of the tab's history: Back returns to the previous one (hashchange below)
      history[window.location.hash ? 'pushState' : 'replaceState'](null, '', fragment);
    }
    $('share').href = window.location.href;
    $('share').hidden = false;
    const problems = localProblems(state);
    if (problems.length) {
      showProblems('This query cannot be drawn', problems);
      return;
    }
    document.body.dataset.state = 'loading';
    A.query(A.body(state))
      .then((answer) => {
        const drawn = A.draw({ canvas: $('chart'), table: $('table'), notes: $('notes') }, answer, state);
        $('caption').textContent = caption(state);
        document.body.dataset.chart = state.chart;
        document.body.dataset.rows = String(drawn.rows);
        document.body.dataset.other = String(drawn.other);
        document.body.dataset.suppressed = String(drawn.suppressed);
        document.body.dataset.state = 'ready';
      })
      .catch((e) => showProblems(e.message, e.problems || [e.message]));
  }

  function runFromUrl() {
    const state = A.fromFragment(window.location.hash);
    if (state) {
      writeControls(state);
      run(state);
    }
  }

  buildControls();
  document.querySelectorAll('.presets button').forEach((button) => button.addEventListener('click', () => {
    const range = A.lastHours(Number(button.dataset.hours));
    $('from').value = range.from;
    $('to').value = range.to;
  }));
  $('builder').addEventListener('submit', (event) => {
    event.preventDefault();
    run(readControls());
  });
  $('logout').addEventListener('click', () => {
    fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': A.cookie('XSRF-TOKEN') } })
      .finally(() => { window.location.href = '/login?logout'; });
  });
  // a link pasted into this tab changes only the fragment: no page load, so run it here
  window.addEventListener('hashchange', runFromUrl);
  const range = A.lastHours(24);
  $('from').value = range.from;
  $('to').value = range.to;
  runFromUrl();
}());
