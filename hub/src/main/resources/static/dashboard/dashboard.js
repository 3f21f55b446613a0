'use strict';
// The analyst dashboard: aggregates from /api/v1/stats and saved analytics queries, drawn with Chart.js. No payment ever reaches this page.
(function () {
  const A = window.HubAnalytics;

  /**
   * The charts the analytics API can answer are saved analytics queries over the last 24 whole hours, drawn as the
   * builder draws them (small groups in "other") and linked to it; dead letters by source are not an analytics
   * dimension and stay on /api/v1/stats.
   */
  const SAVED = {
    volume: { dimensions: ['region'], bucket: 'hour', measure: 'count', chart: 'bar' },
    decisions: { dimensions: ['residency_outcome'], bucket: '', measure: 'count', chart: 'bar' },
    latency: { dimensions: [], bucket: 'hour', measure: 'latency_p95', chart: 'line' }
  };

  function drawSaved(name) {
    const state = Object.assign({ filters: {}, amountMin: null, amountMax: null }, A.lastHours(24), SAVED[name]);
    document.querySelector('a[data-saved=' + name + ']').href = 'explore.html' + A.toFragment(state);
    return A.query(A.body(state)).then((answer) => A.draw({
      canvas: document.getElementById(name), notes: document.querySelector('[data-notes=' + name + ']')
    }, answer, state));
  }

  function renderStats(stats) {
    new Chart(document.getElementById('deadLetters'), {
      type: 'bar',
      data: {
        labels: stats.dead_letters.map((d) => d.name),
        datasets: [{ label: 'dead letters', data: stats.dead_letters.map((d) => d.count), backgroundColor: '#b00020' }]
      },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
    });
    const total = (counts) => counts.reduce((sum, c) => sum + c.count, 0);
    const stored = stats.volume_by_region_hour.reduce((sum, v) => sum + v.payments, 0);
    const p95 = stats.latency_by_hour.length ? Math.max(...stats.latency_by_hour.map((l) => l.p95_ms)) : 0;
    document.getElementById('stored').textContent = stored.toLocaleString('en');
    document.getElementById('decided').textContent = total(stats.residency_decisions).toLocaleString('en');
    document.getElementById('dead').textContent = total(stats.dead_letters).toLocaleString('en');
    document.getElementById('p95').textContent = Math.round(p95).toLocaleString('en');
    document.getElementById('window').textContent = 'last ' + stats.hours + ' h';
    document.body.dataset.stored = String(stored);
  }

  function fail(message) {
    const error = document.getElementById('error');
    error.textContent = message;
    error.hidden = false;
    document.body.dataset.state = 'error';
  }

  document.getElementById('logout').addEventListener('click', () => {
    fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': A.cookie('XSRF-TOKEN') } })
      .finally(() => { window.location.href = '/login?logout'; });
  });

  const stats = fetch('/api/v1/stats?hours=24', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) {
        throw new Error('statistics unavailable (HTTP ' + response.status + ')');
      }
      return response.json();
    })
    .then(renderStats);
  const volume = drawSaved('volume').then((drawn) => {
    // what the chart shows: released groups and released folds, each counted once
    document.body.dataset.volumeCharted = String(drawn.chart.data.datasets.flatMap((d) => d.data)
      .filter((v) => typeof v === 'number').reduce((a, b) => a + b, 0));
  });
  Promise.all([stats, volume, drawSaved('decisions'), drawSaved('latency')])
    .then(() => { document.body.dataset.state = 'ready'; })
    .catch((e) => fail(e.problems ? e.message + ': ' + e.problems.join('; ') : e.message));
}());
