/* The search page: results as you type, filters, ?q= in the URL, keyboard
 * navigation. The query runs in a Web Worker (search-worker.js) over
 * http(s); opened from disk (file://), where workers and fetch of JSON are
 * not available, the same core runs here and loads the index as scripts
 * (search/<name>.js calling BaogaoSearch.register). Report text reaches the
 * page only as text nodes. */
(function () {
  'use strict';

  var DEBOUNCE_MS = 150;

  var form = document.getElementById('search-form');
  if (!form) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var moreButton = document.getElementById('search-more-button');
  var filterBox = document.getElementById('search-filters');
  var base = form.getAttribute('data-index');
  var shards = Number(form.getAttribute('data-shards')) || 0;
  // [search] of baogao.toml: reports checked and shown per step, and
  // snippets shown per report (its count says how many match).
  var PAGE_REPORTS = Number(form.getAttribute('data-page')) || 20;
  var PER_REPORT = Number(form.getAttribute('data-snippets')) || 5;
  var root = base.replace(/search\/$/, '');

  var facets = [];
  var limit = PAGE_REPORTS;
  var run = backend();

  /** Query runner: a worker over http(s), the core on this thread otherwise. */
  function backend() {
    if (location.protocol !== 'file:' && typeof Worker !== 'undefined') {
      try {
        var worker = new Worker(root + 'static/search-worker.js');
        var pending = new Map();
        var next = 0;
        worker.onmessage = function (e) {
          var p = pending.get(e.data.id);
          pending.delete(e.data.id);
          if (e.data.error) p.reject(new Error(e.data.error)); else p.resolve(e.data.result);
        };
        return function (message) {
          return new Promise(function (resolve, reject) {
            message.id = next++;
            message.base = new URL(base, location.href).href;
            message.shards = shards;
            pending.set(message.id, { resolve: resolve, reject: reject });
            worker.postMessage(message);
          });
        };
      } catch (e) { /* fall through to the main thread */ }
    }
    var engine = new BaogaoSearch.Engine(loadScript, shards);
    return function (message) {
      return message.facets ? engine.facets()
        : engine.query(message.query, message.filters, message.limit, message.perReport);
    };
  }

  var waiting = new Map();
  /** Data arriving from a search/<name>.js script. */
  BaogaoSearch.register = function (name, data) {
    var w = waiting.get(name);
    if (w) { waiting.delete(name); w.resolve(data); }
  };

  function loadScript(name) {
    return new Promise(function (resolve, reject) {
      waiting.set(name, { resolve: resolve, reject: reject });
      var script = document.createElement('script');
      script.src = base + name + '.js';
      script.onerror = function () {
        waiting.delete(name);
        reject(new Error('cannot load ' + script.src));
      };
      script.onload = function () { script.remove(); };
      document.head.appendChild(script);
    });
  }

  function chosenFilters() {
    var filters = {};
    filterBox.querySelectorAll('input[type=checkbox]:checked').forEach(function (box) {
      var key = box.getAttribute('data-facet');
      (filters[key] = filters[key] || []).push(Number(box.value));
    });
    return filters;
  }

  function text(tag, content, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.appendChild(document.createTextNode(content));
    return el;
  }

  function renderFacets() {
    facets.forEach(function (facet) {
      if (!facet.values.length) return;
      var set = document.createElement('fieldset');
      set.appendChild(text('legend', facet.label));
      facet.values.forEach(function (value, i) {
        var label = document.createElement('label');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.value = String(i);
        box.setAttribute('data-facet', facet.key);
        box.addEventListener('change', function () { limit = PAGE_REPORTS; search(); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(value));
        set.appendChild(label);
      });
      filterBox.appendChild(set);
    });
  }

  function renderResults(query, result) {
    list.replaceChildren();
    more.hidden = result.exact;
    if (!result.groups.length) {
      status.textContent = result.exact
        ? '没有找到包含“' + query + '”的段落。请换一个词，或减少筛选条件。'
        : '最相关的 ' + result.checked + ' 份候选报告中没有“' + query + '”；还有 '
          + (result.candidates - result.checked) + ' 份候选报告未查看。';
      return;
    }
    status.textContent = countText(result);
    result.groups.forEach(function (group) {
      var item = document.createElement('li');
      item.className = 'search-report';
      var heading = document.createElement('h2');
      var link = text('a', group.title);
      link.href = root + group.url;
      heading.appendChild(link);
      heading.appendChild(text('span', ' ' + group.count + ' 处', 'search-count'));
      item.appendChild(heading);
      var hits = document.createElement('ul');
      group.hits.forEach(function (hit) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = root + hit.url;
        a.className = 'search-hit';
        hit.runs.forEach(function (run) {
          a.appendChild(run.mark ? text('mark', run.text) : document.createTextNode(run.text));
        });
        li.appendChild(a);
        hits.appendChild(li);
      });
      item.appendChild(hits);
      list.appendChild(item);
    });
  }

  /* Exact counts once every candidate report is checked; until then the
   * reports not yet checked may or may not hold the query. */
  function countText(result) {
    var shown = result.groups.length + ' 份报告中的 ' + result.total + ' 处结果';
    if (result.exact) return '共 ' + shown;
    return shown + '；还有 ' + (result.candidates - result.checked) + ' 份报告可能包含，可继续查看';
  }

  var latest = 0;
  function search() {
    var query = input.value.trim();
    var url = new URL(location.href);
    if (query) url.searchParams.set('q', query); else url.searchParams.delete('q');
    history.replaceState(null, '', url.href);
    var ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      more.hidden = true;
      return;
    }
    status.textContent = '正在检索…';
    run({ query: query, filters: chosenFilters(), limit: limit, perReport: PER_REPORT }).then(function (result) {
      if (ticket === latest) renderResults(query, result);
    }, function (error) {
      if (ticket === latest) status.textContent = '检索失败：' + error.message;
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    limit = PAGE_REPORTS;
    timer = setTimeout(search, DEBOUNCE_MS);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); search(); });
  moreButton.addEventListener('click', function () { limit += PAGE_REPORTS; search(); });

  /* Arrow keys move between the search box and the results. */
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    var links = Array.from(list.querySelectorAll('a.search-hit'));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    if (document.activeElement !== input && at < 0) return;
    e.preventDefault();
    var to = e.key === 'ArrowDown' ? at + 1 : at - 1;
    if (to < 0) input.focus(); else links[Math.min(to, links.length - 1)].focus();
  });

  run({ facets: true }).then(function (f) {
    facets = f;
    renderFacets();
  }, function () { /* results still work without filters */ });
  var initial = new URL(location.href).searchParams.get('q');
  if (initial) { input.value = initial; search(); }
})();
