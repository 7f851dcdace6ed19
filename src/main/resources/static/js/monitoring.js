// Monitoring charts (ECharts): the live readings of every point, polled every 3 s, and the readings around one alarm.
// Limits are drawn as dashed lines: 高/低 orange, 高高/低低 red.
window.skCharts = (function () {
  function limitLines(limits) {
    var lines = [];
    // 高/低 labelled at the left end, 高高/低低 at the right, so that close limits do not print over each other.
    [['highHigh', '高高', '#d9363e', 'insideEndTop'], ['high', '高', '#e8710a', 'insideStartTop'], ['low', '低', '#e8710a', 'insideStartBottom'],
     ['lowLow', '低低', '#d9363e', 'insideEndBottom']].forEach(function (l) {
      if (limits[l[0]] !== '') lines.push({ yAxis: Number(limits[l[0]]), name: l[1], lineStyle: { color: l[2], type: 'dashed' },
        label: { formatter: l[1] + ' ' + limits[l[0]], color: l[2], position: l[3] } });
    });
    return lines;
  }
  function option(p, extra) {
    var values = p.data.map(function (d) { return Number(d[1]); });
    Object.keys(p.limits).forEach(function (k) { if (p.limits[k] !== '') values.push(Number(p.limits[k])); });
    if (p.limits.low === '' && p.limits.lowLow === '') values.push(0); // gas, flow: zero is the natural floor
    var min = Math.min.apply(null, values), max = Math.max.apply(null, values), pad = (max - min) * 0.1 || 1;
    var o = {
      animation: false, grid: { left: 50, right: 16, top: 16, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + ' ' + p.unit; },
        axisPointer: { label: { formatter: function (a) { return skTime.format(a.value); } } } },
      xAxis: { type: 'time', axisLabel: { formatter: skTime.axisLabel } }, yAxis: { type: 'value', name: p.unit, min: Math.floor((min - pad) * 10) / 10, max: Math.ceil((max + pad) * 10) / 10 },
      series: [{ name: p.name, type: 'line', showSymbol: false, data: p.data, lineStyle: { width: 1.6, color: '#0f4c81' },
        markLine: { symbol: 'none', silent: true, data: limitLines(p.limits) }, markArea: extra || undefined }]
    };
    return o;
  }
  function live(root) {
    if (!root) return;
    var charts = {};
    function refresh() {
      fetch(root.dataset.src, { headers: { 'Accept': 'application/json' } }).then(function (r) { return r.json(); }).then(function (d) {
        d.points.forEach(function (p) {
          var card = document.getElementById('live-' + p.id);
          if (!card) return;
          if (!charts[p.id]) charts[p.id] = echarts.init(card.querySelector('.live-chart'));
          charts[p.id].setOption(option(p), true);
          var v = card.querySelector('.live-value');
          if (v && p.last !== null) v.textContent = Number(p.last) + ' ' + p.unit;
        });
        var acc = document.getElementById('stat-accepted');
        if (acc) acc.textContent = d.stats.accepted;
        var rej = document.getElementById('stat-rejected');
        if (rej) rej.textContent = Object.values(d.stats.rejected).reduce(function (a, b) { return a + b; }, 0);
        root.dataset.loaded = 'true';
      }).catch(function () { /* next poll tries again */ });
    }
    refresh();
    setInterval(refresh, 3000);
  }
  function alarm(el) {
    if (!el) return;
    fetch(el.dataset.src, { headers: { 'Accept': 'application/json' } }).then(function (r) { return r.json(); }).then(function (p) {
      // One shaded span per excursion: this alarm stronger, the point's other alarms in view fainter, each named.
      var episodes = p.episodes && p.episodes.length ? p.episodes : [{ id: null, raisedAt: p.raisedAt, returnedAt: p.returnedAt, current: true }];
      var area = { silent: true, data: episodes.map(function (e) {
        return [{ xAxis: e.raisedAt, name: (e.current ? '本报警' : '报警') + (e.id ? ' #' + e.id : ''),
                  itemStyle: { color: e.current ? 'rgba(217,54,62,0.16)' : 'rgba(232,113,10,0.20)' },
                  label: { color: e.current ? '#d9363e' : '#b35900' } },
                { xAxis: e.returnedAt || p.to }];
      }) };
      var o = option(p, area);
      o.xAxis.min = p.from; // the whole window, so that an excursion after the last reading still shows
      o.xAxis.max = p.to;
      echarts.init(el).setOption(o);
      el.dataset.loaded = 'true';
    });
  }
  return { live: live, alarm: alarm };
})();
// Started from here, not from the page: the CSP allows no inline script.
document.addEventListener('DOMContentLoaded', function () {
  var live = document.getElementById('live'), alarm = document.getElementById('alarm-chart');
  if (live) skCharts.live(live);
  if (alarm) skCharts.alarm(alarm);
});
