// 特殊作业票: the applicant marks the job's place on the site plan with a click (or a tap); the form carries it as
// planX / planY, fractions of the plan's width and height, which is how the permit stores it.
document.addEventListener('click', function (e) {
  var svg = e.target.closest('svg[data-plan-pick]');
  if (!svg) return;
  e.preventDefault();
  var box = svg.getBoundingClientRect();
  var x = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
  var y = Math.min(1, Math.max(0, (e.clientY - box.top) / box.height));
  var form = svg.closest('form');
  form.querySelector('[name=planX]').value = x.toFixed(4);
  form.querySelector('[name=planY]').value = y.toFixed(4);
  var view = svg.viewBox.baseVal;
  var marker = svg.querySelector('.plan-marker');
  marker.setAttribute('cx', (x * view.width).toFixed(1));
  marker.setAttribute('cy', (y * view.height).toFixed(1));
  marker.removeAttribute('hidden');
  var said = form.querySelector('[data-plan-said]');
  if (said) said.textContent = said.getAttribute('data-plan-said') + ' (' + Math.round(x * view.width) + ', ' + Math.round(y * view.height) + ')';
});

// The permit page's countdown to the end of the validity ticks each second. It counts on the server's clock (data-now:
// the platform's time when the page was drawn), not the browser's, and says its words from the page's own
// #countdown-words (so in the page's language). Without script the server's text stays, right as of the page's load.
(function () {
  var el = document.getElementById('countdown');
  var words = document.getElementById('countdown-words');
  if (!el || !words) return;
  var until = Number(el.getAttribute('data-until'));
  var skew = Number(el.getAttribute('data-now')) - Date.now();
  function word(k) { return words.content.querySelector('[data-k=' + k + ']').textContent; }
  function fill(k, a, b) { return word(k).replace('{}', a).replace('{}', b); }
  function tick() {
    var left = Math.ceil((until - (Date.now() + skew)) / 1000); // whole seconds left, and minutes, rounded up as the server does
    if (left <= 0) {
      clearInterval(timer);
      var tag = document.createElement('span');
      tag.className = 'tag bad';
      tag.textContent = word('over');
      var reload = document.createElement('a');
      reload.href = location.pathname + location.search;
      reload.textContent = word('reload');
      el.textContent = '';
      el.append(tag, ' ', reload);
      return;
    }
    var minutes = Math.ceil(left / 60), s = left % 60;
    el.textContent = minutes >= 48 * 60 ? fill('dh', Math.floor(minutes / 1440), Math.floor(minutes % 1440 / 60))
        : minutes >= 60 ? fill('hm', Math.floor(minutes / 60), minutes % 60)
        : fill('ms', Math.floor(left / 60), (s < 10 ? '0' : '') + s); // the last hour by the second
  }
  var timer = setInterval(tick, 1000);
  tick();
})();
