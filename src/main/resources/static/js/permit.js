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
