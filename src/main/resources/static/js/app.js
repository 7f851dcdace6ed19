// Small behaviours shared by every page: the phone menu, and the CSRF token on htmx requests. Pages carry no script of
// their own (the CSP allows none inline): they ask for a behaviour with a data- attribute, handled here by delegation,
// so that content htmx swaps in later works too.
document.addEventListener('DOMContentLoaded', function () {
  var toggle = document.querySelector('.menu-toggle');
  if (toggle) toggle.addEventListener('click', function () { document.querySelector('.side').classList.toggle('open'); });
  // <form data-geolocate>: GPS is optional; a phone that shares its position records where the check was done.
  var located = document.querySelector('form[data-geolocate]');
  if (located && navigator.geolocation) navigator.geolocation.getCurrentPosition(function (p) {
    located.querySelector('[name=latitude]').value = p.coords.latitude.toFixed(6);
    located.querySelector('[name=longitude]').value = p.coords.longitude.toFixed(6);
  }, function () {}, {timeout: 5000});
});
// <form data-confirm="question">: asks before posting.
document.addEventListener('submit', function (e) {
  var form = e.target.closest('form[data-confirm]');
  if (form && !window.confirm(form.getAttribute('data-confirm'))) e.preventDefault();
});
// <select data-shows="selector">: of the elements in its form matching selector, shows the one whose data-method is chosen.
document.addEventListener('change', function (e) {
  var select = e.target.closest('select[data-shows]');
  if (!select) return;
  (select.form || document).querySelectorAll(select.getAttribute('data-shows')).forEach(function (el) {
    el.hidden = el.getAttribute('data-method') !== select.value;
  });
});
document.addEventListener('htmx:configRequest', function (e) {
  var meta = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (meta && header) e.detail.headers[header.content] = meta.content;
});
