// Small behaviours shared by every page: the phone menu, and the CSRF token on htmx requests.
document.addEventListener('DOMContentLoaded', function () {
  var toggle = document.querySelector('.menu-toggle');
  if (toggle) toggle.addEventListener('click', function () { document.querySelector('.side').classList.toggle('open'); });
});
document.addEventListener('htmx:configRequest', function (e) {
  var meta = document.querySelector('meta[name="_csrf"]');
  var header = document.querySelector('meta[name="_csrf_header"]');
  if (meta && header) e.detail.headers[header.content] = meta.content;
});
