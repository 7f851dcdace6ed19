// Times on pages are drawn in the platform's zone (shuangkong.time-zone, given by the page's sk-time-zone meta), not the
// browser's: a regulator on a laptop set to UTC must see the same 14:05 as the PDF, the alert and the database.
window.skTime = (function () {
  var meta = document.querySelector('meta[name="sk-time-zone"]');
  var zone = meta ? meta.getAttribute('content') : 'Asia/Shanghai';
  var formats = {};
  function formatter(kind) {
    if (!formats[kind]) {
      var o = { timeZone: zone, hour12: false };
      if (kind !== 'time') { o.year = 'numeric'; o.month = '2-digit'; o.day = '2-digit'; }
      if (kind !== 'date') { o.hour = '2-digit'; o.minute = '2-digit'; o.second = '2-digit'; }
      formats[kind] = new Intl.DateTimeFormat('zh-CN', o);
    }
    return formats[kind];
  }
  // kind: 'datetime' (default), 'date' or 'time'; t: epoch millis, an ISO string or a Date.
  function format(t, kind) { return formatter(kind || 'datetime').format(new Date(t)); }
  // A time axis label (ECharts passes the tick's millis): the date where the day changes, seconds only where the ticks
  // fall between whole minutes, so that a minute-long window does not print the same 13:22 four times.
  function axisLabel(value) {
    var time = format(value, 'time');
    if (time === '00:00:00') return format(value, 'date').substring(5);
    return time.substring(6) === '00' ? time.substring(0, 5) : time;
  }
  return { zone: zone, format: format, axisLabel: axisLabel };
})();
