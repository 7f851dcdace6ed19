// 监管驾驶舱 and 数据大屏: ECharts over the dashboard's JSON (/dashboard/data) and the towns' own GeoJSON
// (/dashboard/geo, registered with registerMap: no online tiles). Every element a person may click navigates one
// level down: a town → its dashboard, an enterprise → its page, a level → the enterprises of that level.
(function () {
  'use strict';
  // The words come from the page's #dash-words (the fragment dashWords), so the charts speak the page's language;
  // a word it lacks (data such as an alarm's label from a newer version) stays as it is.
  var WORDS = document.getElementById('dash-words');
  function w(k) {
    var el = WORDS && WORDS.content.querySelector('[data-k="' + k + '"]');
    return el ? el.textContent : k;
  }
  function wf(k) {
    var out = w(k), args = Array.prototype.slice.call(arguments, 1);
    args.forEach(function (a) { out = out.replace('{}', a); });
    return out;
  }
  var LEVELS = [
    { grade: 1, name: '重大风险', color: '#d9363e' }, { grade: 2, name: '较大风险', color: '#e8710a' },
    { grade: 3, name: '一般风险', color: '#e6b800' }, { grade: 4, name: '低风险', color: '#1c6fd1' }];
  var NONE = '#c7ced8';

  function colorOf(level) { return level ? LEVELS[level - 1].color : NONE; }
  function nameOf(level) { return w(level ? LEVELS[level - 1].name : '未评价'); }
  function go(url) { window.location.href = url; }
  function q(region) { return region ? '?region=' + encodeURIComponent(region) : ''; }

  function theme(dark) {
    return dark ? { text: '#d6e4f5', muted: '#7f95b3', line: 'rgba(120,160,210,.25)', border: '#0b1d33', bg: 'transparent' }
                : { text: '#1f2937', muted: '#6b7280', line: '#e5e7eb', border: '#ffffff', bg: 'transparent' };
  }

  function chart(el, dark) {
    var existing = echarts.getInstanceByDom(el);
    if (existing) return existing;
    var c = echarts.init(el, null, { renderer: 'canvas' });
    window.addEventListener('resize', function () { c.resize(); });
    return c;
  }

  // The four-colour map: towns by their highest level (就高), enterprises and located public-area risks as points.
  function drawMap(el, geo, s, dark) {
    var t = theme(dark);
    if (!geo.features || geo.features.length === 0) {
      el.innerHTML = '<div class="dash-empty">' + esc(w('本区域暂无乡镇边界数据')) + '</div>';
      return;
    }
    var mapName = 'sk-' + (s.area.code || 'all');
    echarts.registerMap(mapName, geo);
    var byCode = {};
    s.towns.forEach(function (r) { byCode[r.code] = r; });
    var names = {};
    geo.features.forEach(function (f) { names[f.properties.code] = f.properties.name; });
    var c = chart(el, dark);
    c.setOption({
      backgroundColor: t.bg,
      tooltip: { trigger: 'item', formatter: function (p) {
        if (p.seriesType === 'map') {
          var r = byCode[p.name] || {};
          return '<b>' + esc(names[p.name]) + '</b><br>' + esc(wf('区域风险等级：{}', nameOf(r.level)))
            + '<br>' + esc(wf('企业 {} 家，重大风险企业 {} 家', r.enterprises || 0, r.red || 0))
            + '<br>' + esc(wf('公共区域重大风险 {} 处', r.regionalMajor || 0))
            + '<br>' + esc(wf('未销号重大隐患 {} 项', r.majorHazardsOpen || 0));
        }
        return esc(p.data.kindLabel) + ' · ' + esc(p.name) + '<br>' + esc(nameOf(p.data.level));
      } },
      geo: { map: mapName, nameProperty: 'code', roam: true, zoom: 1.1,
        label: { show: true, color: dark ? '#eaf2ff' : '#1f2937', fontSize: dark ? 13 : 12, padding: [2, 5], borderRadius: 3,
          backgroundColor: dark ? 'rgba(7,23,43,.7)' : 'rgba(255,255,255,.8)',
          formatter: function (p) { return names[p.name] || p.name; } },
        itemStyle: { borderColor: t.border, borderWidth: 1.5, areaColor: NONE },
        emphasis: { label: { show: true }, itemStyle: { areaColor: dark ? '#3b5d8a' : '#9cc6f5' } },
        regions: Object.keys(names).map(function (code) {
          var r = byCode[code];
          return { name: code, itemStyle: { areaColor: colorOf(r && r.level), opacity: dark ? 0.8 : 0.55 } };
        }) },
      series: [
        { type: 'map', geoIndex: 0, data: Object.keys(names).map(function (code) { return { name: code, value: 1 }; }) },
        { type: 'scatter', coordinateSystem: 'geo', zlevel: 2, symbolSize: function (v, p) { return p.data.kind === 'regional' ? 14 : 9; },
          data: s.points.map(function (p) {
            return { name: p.name, value: [Number(p.longitude), Number(p.latitude)], level: p.level, link: p.link, kind: p.kind,
              kindLabel: w(p.kind === 'regional' ? '公共区域风险' : '企业'),
              symbol: p.kind === 'regional' ? 'triangle' : 'circle',
              itemStyle: { color: colorOf(p.level), borderColor: dark ? '#0b1d33' : '#fff', borderWidth: 1 } };
          }) }]
    }, true);
    c.off('click');
    c.on('click', function (p) {
      if (p.seriesType === 'map' && p.name && p.name !== s.area.code) go('/dashboard' + q(p.name));
      else if (p.seriesType === 'scatter' && p.data && p.data.link) go(p.data.link);
    });
  }

  // 企业整体风险等级: a ring; a slice opens the enterprises of that level.
  function drawLevels(el, s, dark) {
    var f = s.figures, t = theme(dark);
    var data = LEVELS.map(function (l) {
      return { name: w(l.name), value: [f.red, f.orange, f.yellow, f.blue][l.grade - 1], grade: l.grade, itemStyle: { color: l.color } };
    }).concat([{ name: w('未评价'), value: f.unrated, grade: 0, itemStyle: { color: NONE } }]);
    // Empty slices keep their legend entry but draw no label, so that four zeros do not pile up on one spot.
    data.forEach(function (d) { d.label = { show: d.value > 0 }; d.labelLine = { show: d.value > 0 }; });
    var c = chart(el, dark);
    c.setOption({
      tooltip: { trigger: 'item', formatter: function (p) { return esc(wf('{}：{} 家（{}%）', p.name, p.value, p.percent)); } },
      legend: { bottom: 0, textStyle: { color: t.text } },
      series: [{ type: 'pie', radius: dark ? ['36%', '58%'] : ['42%', '68%'], center: ['50%', '42%'], avoidLabelOverlap: true,
        label: { color: t.text, formatter: function (p) { return p.name + '\n' + wf('{} 家', p.value); } }, data: data }]
    }, true);
    c.off('click');
    c.on('click', function (p) {
      var base = '/dashboard/enterprises' + q(s.area.code) + (s.area.code ? '&' : '?');
      go(base + (p.data.grade ? 'level=' + p.data.grade : 'unrated=true'));
    });
  }

  // Sub-areas stacked by the enterprises' levels; a bar opens that area's dashboard.
  function drawAreas(el, s, dark) {
    var t = theme(dark), rows = s.areas;
    var c = chart(el, dark);
    var keys = ['red', 'orange', 'yellow', 'blue', 'unrated'];
    c.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // one line, scrolling when the names are long (English): a second line would run into the axis' name
      legend: { top: 0, type: 'scroll', textStyle: { color: t.text } },
      grid: { left: 8, right: 12, top: 34, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.name; }),
        axisLabel: { color: t.text, interval: 0, rotate: rows.length > 8 ? 35 : 0 } },
      yAxis: { type: 'value', name: w('企业数'), axisLabel: { color: t.muted }, splitLine: { lineStyle: { color: t.line } } },
      series: keys.map(function (k, i) {
        return { name: w(i < 4 ? LEVELS[i].name : '未评价'), type: 'bar', stack: 'lv', barMaxWidth: 36,
          itemStyle: { color: i < 4 ? LEVELS[i].color : NONE },
          data: rows.map(function (r) { return { value: r[k], code: r.code, drillable: r.drillable }; }) };
      })
    }, true);
    c.off('click');
    c.on('click', function (p) { if (p.data && p.data.drillable) go('/dashboard' + q(p.data.code)); });
  }

  // 月度趋势: hazards found (of which major) and closed as bars, inspection completion as a line.
  function drawTrend(el, s, dark) {
    var t = theme(dark), m = s.trend;
    var c = chart(el, dark);
    c.setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { color: t.text } },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: m.map(function (x) { return x.month.substring(2); }), axisLabel: { color: t.muted } },
      yAxis: [{ type: 'value', minInterval: 1, axisLabel: { color: t.muted }, splitLine: { lineStyle: { color: t.line } } },
              { type: 'value', min: 0, max: 100, axisLabel: { color: t.muted, formatter: '{value}%' }, splitLine: { show: false } }],
      series: [
        { name: w('发现隐患'), type: 'bar', itemStyle: { color: '#5b8ff9' }, data: m.map(function (x) { return x.found; }) },
        { name: w('其中重大'), type: 'bar', itemStyle: { color: '#d9363e' }, data: m.map(function (x) { return x.majorFound; }) },
        { name: w('销号隐患'), type: 'bar', itemStyle: { color: '#1a7f37' }, data: m.map(function (x) { return x.closed; }) },
        { name: w('排查完成率'), type: 'line', yAxisIndex: 1, smooth: true, itemStyle: { color: '#e8710a' },
          data: m.map(function (x) { return x.completionRate; }), connectNulls: true }]
    }, true);
  }

  function load(region) {
    return Promise.all([
      fetch('/dashboard/data' + q(region), { headers: { Accept: 'application/json' } }).then(function (r) { return r.json(); }),
      fetch('/dashboard/geo' + q(region)).then(function (r) { return r.json(); })]);
  }

  function text(id, value) { var el = document.getElementById(id); if (el) el.textContent = value; }
  function pct(v) { return v === null || v === undefined ? '—' : v + '%'; }
  function esc(s) { var d = document.createElement('div'); d.textContent = s == null ? '' : String(s); return d.innerHTML; }

  // 数据大屏: big figures, alarms and overdue major hazards as lists, refreshed by polling the same JSON.
  var skew = null; // unknown until the first snapshot: the clock stays blank rather than show the browser's time
  function tick() { if (skew !== null) text('s-clock', skTime.format(Date.now() + skew)); }
  function renderScreen(s, geo) {
    var f = s.figures;
    text('s-enterprises', f.enterprises);
    text('s-red', f.red);
    text('s-major-risks', f.majorRisks + f.regionalMajor);
    text('s-major-hazards', f.majorHazardsOpen);
    text('s-major-overdue', f.majorHazardsOverdue);
    text('s-completion', pct(f.completionRate));
    text('s-rectification', pct(f.rectificationRate));
    text('s-zero', f.zeroReport);
    text('s-updated', skTime.format(s.at, 'time'));
    skew = new Date(s.at).getTime() - Date.now(); // the clock below shows the platform's time, not the wall's
    tick();
    var alarms = document.getElementById('s-alarms');
    alarms.innerHTML = s.alarms.length === 0 ? '<li class="none">' + esc(w('暂无报警')) + '</li>' : s.alarms.map(function (a) {
      // Each alarm in its current state: 报警中 until someone acknowledges it; cleared alarms are not sent at all.
      return '<li class="' + (a.state === 'ACTIVE' ? 'live' : 'ack') + '"><span class="al">' + esc(w(a.level)) + '</span>'
        + '<span class="st">' + esc(w(a.stateLabel)) + (a.returnedAt ? ' · ' + esc(w('已恢复正常')) : '') + '</span><span class="t">' + esc(a.title) + '</span><span class="w">'
        + esc(a.enterpriseName) + ' · ' + skTime.format(a.raisedAt) + '</span></li>';
    }).join('');
    var hz = document.getElementById('s-hazards');
    hz.innerHTML = s.majorHazards.length === 0 ? '<li class="none">' + esc(w('无未销号重大隐患')) + '</li>' : s.majorHazards.map(function (h) {
      return '<li class="' + (h.overdue ? 'od' : '') + '"><span class="t">' + esc(h.title) + (h.source ? esc(wf('（{}上报）', h.source)) : '') + '</span><span class="w">'
        + esc(h.enterpriseName) + ' · ' + esc(h.townName || '') + ' · ' + esc(h.deadline ? wf('期限 {}', h.deadline) : w('期限未定'))
        + (h.overdue ? ' · <b>' + esc(w('逾期')) + '</b>' : '') + '</span></li>';
    }).join('');
    drawMap(document.getElementById('s-map'), geo, s, true);
    drawTrend(document.getElementById('s-trend'), s, true);
    drawLevels(document.getElementById('s-levels'), s, true);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var root = document.querySelector('[data-dashboard]');
    if (!root || typeof echarts === 'undefined') return;
    var region = root.getAttribute('data-region') || '';
    var screen = root.getAttribute('data-dashboard') === 'screen';
    var geoCache = null;
    function refresh() {
      load(region).then(function (r) {
        var s = r[0], geo = geoCache || r[1];
        geoCache = geo;
        if (screen) { renderScreen(s, geo); root.setAttribute('data-loaded', 'true'); return; }
        var map = document.getElementById('d-map'), lv = document.getElementById('d-levels');
        var areas = document.getElementById('d-areas'), trend = document.getElementById('d-trend');
        if (map) drawMap(map, geo, s, false);
        if (lv) drawLevels(lv, s, false);
        if (areas && s.areas.length > 0) drawAreas(areas, s, false);
        if (trend) drawTrend(trend, s, false);
        root.setAttribute('data-loaded', 'true');
      }).catch(function () { root.setAttribute('data-loaded', 'error'); });
    }
    refresh();
    if (screen) {
      var every = Number(root.getAttribute('data-refresh') || 30);
      setInterval(refresh, every * 1000);
      setInterval(tick, 1000);
    }
  });
})();
