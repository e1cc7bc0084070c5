// Served by `baogao serve` only, never part of a built site: reloads the
// page after each rebuild and shows a failed rebuild over the page (the
// last good site keeps being served below it). Plain DOM, text nodes only.
(function () {
  'use strict';
  if (!window.EventSource) return;
  var seen = null;
  var overlay = null;

  var css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/__baogao/livereload.css';
  document.head.appendChild(css);

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function show(text) {
    hide();
    overlay = document.createElement('div');
    overlay.className = 'baogao-overlay';
    overlay.setAttribute('role', 'alert');
    var title = document.createElement('p');
    title.className = 'baogao-overlay-title';
    title.textContent = '构建失败（build failed）：下面是错误；上次成功构建的网站仍在提供。改正后会自动重新加载。';
    var pre = document.createElement('pre');
    pre.textContent = text;
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = '关闭';
    close.addEventListener('click', hide);
    overlay.appendChild(title);
    overlay.appendChild(close);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }

  var source = new EventSource('/__baogao/events');
  // The server's build generation: a new one on reconnecting (a rebuild
  // happened meanwhile, or serve was restarted) reloads the page.
  source.addEventListener('hello', function (e) {
    if (seen !== null && seen !== e.data) location.reload();
    seen = e.data;
  });
  source.addEventListener('reload', function (e) {
    seen = e.data;
    location.reload();
  });
  source.addEventListener('build-error', function (e) {
    show(e.data);
  });
})();
