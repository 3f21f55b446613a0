'use strict';
// The analyst dashboard: aggregates from /api/v1/stats, drawn with Chart.js. No payment ever reaches this page.
// Every chart covers the same window, read from the datastore: the same figures on every pod and after a restart.
(function () {
  const palette = ['#2f6fdf', '#e07b39', '#3aa876', '#b84bb8', '#d4b106', '#4bb8b8', '#8a8f98'];
  const hourLabel = (iso) => new Date(iso).toISOString().substring(5, 13).replace('T', ' ') + 'h';

  function cookie(name) {
    const found = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : '';
  }

  function render(stats) {
    const hours = [];
    for (let t = Date.parse(stats.from); t <= Date.parse(stats.to); t += 3600 * 1000) {
      hours.push(new Date(t).toISOString().substring(0, 13));
    }
    const regions = [...new Set(stats.volume_by_region_hour.map((v) => v.region))].sort();
    const volume = new Chart(document.getElementById('volume'), {
      type: 'bar',
      data: {
        labels: hours.map((h) => hourLabel(h + ':00:00Z')),
        datasets: regions.map((region, i) => ({
          label: region,
          backgroundColor: palette[i % palette.length],
          data: hours.map((h) => stats.volume_by_region_hour
            .filter((v) => v.region === region && v.hour.startsWith(h))
            .reduce((sum, v) => sum + v.payments, 0))
        }))
      },
      options: { maintainAspectRatio: false, animation: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
    });
    new Chart(document.getElementById('decisions'), {
      type: 'doughnut',
      data: {
        labels: stats.residency_decisions.map((d) => d.name),
        datasets: [{ data: stats.residency_decisions.map((d) => d.count), backgroundColor: ['#3aa876', '#2f6fdf', '#e07b39'] }]
      },
      options: { maintainAspectRatio: false, animation: false }
    });
    new Chart(document.getElementById('deadLetters'), {
      type: 'bar',
      data: {
        labels: stats.dead_letters.map((d) => d.name),
        datasets: [{ label: 'dead letters', data: stats.dead_letters.map((d) => d.count), backgroundColor: '#b00020' }]
      },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
    });
    new Chart(document.getElementById('latency'), {
      type: 'line',
      data: {
        labels: stats.latency_by_hour.map((l) => hourLabel(l.hour)),
        datasets: ['p50_ms', 'p95_ms', 'p99_ms'].map((p, i) => ({
          label: p.replace('_ms', ''), borderColor: palette[i], backgroundColor: palette[i],
          data: stats.latency_by_hour.map((l) => Math.round(l[p]))
        }))
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } }
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
    document.body.dataset.volumeCharted = String(volume.data.datasets.flatMap((d) => d.data).reduce((a, b) => a + b, 0));
    document.body.dataset.state = 'ready';
  }

  function fail(message) {
    const error = document.getElementById('error');
    error.textContent = message;
    error.hidden = false;
    document.body.dataset.state = 'error';
  }

  document.getElementById('logout').addEventListener('click', () => {
    fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') } })
      .finally(() => { window.location.href = '/login?logout'; });
  });

  fetch('/api/v1/stats?hours=24', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => {
      if (!response.ok) {
        throw new Error('statistics unavailable (HTTP ' + response.status + ')');
      }
      return response.json();
    })
    .then(render)
    .catch((e) => fail(e.message));
}());
