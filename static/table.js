// Tables that list every report (`.table-view`): the page holds the first
// rows; this script sorts, filters, counts and pages the whole archive over
// the table's data files (`data/tables/<name>-<k>.js`), loaded when first
// needed, and keeps the state in the URL (`?year=2022&sort=3&dir=desc&page=2`)
// so that a view can be shared. Report text only ever goes into text nodes.
(function () {
  'use strict';
  const registered = new Map();
  const waiting = new Map();

  function loadFile(root, name) {
    if (registered.has(name)) return Promise.resolve(registered.get(name));
    return new Promise(function (resolve, reject) {
      waiting.set(name, resolve);
      const script = document.createElement('script');
      script.src = root + 'data/tables/' + name + '.js';
      script.onerror = function () { reject(new Error('无法载入 ' + script.src)); };
      document.head.appendChild(script);
    });
  }

  /** Every row of table `name`'s `chunks` data files, in archive order. */
  function loadTable(root, name, chunks) {
    const files = [];
    for (let k = 0; k < chunks; k++) files.push(loadFile(root, name + '-' + k));
    return Promise.all(files).then(function (parts) { return [].concat.apply([], parts); });
  }

  // Data files call BaogaoTable.register(name, rows, shared): scripts, not
  // JSON, so that they load from disk too, where fetch() is refused. An
  // element of a row that is a number stands for that element of `shared`,
  // where the file wrote once what repeats in it. `load` serves the
  // compare view, which finds the reports in the catalogue.
  window.BaogaoTable = {
    register: function (name, packed, shared) {
      const rows = packed.map(function (row) {
        return row.map(function (element) { return typeof element === 'number' ? shared[element] : element; });
      });
      registered.set(name, rows);
      const resolve = waiting.get(name);
      if (resolve) {
        waiting.delete(name);
        resolve(rows);
      }
    },
    load: loadTable,
  };

  const CATALOGUE = 'reports';

  /**
   * Every row of a table, in archive order: `[filters, title cell, cell…]`.
   * The catalogue (the full list) holds each report's filter values and
   * title; another table's files hold only its own cells, put beside them.
   * Its title cell names the issuer too (the catalogue's second cell) when
   * the page says so.
   */
  function loadRows(view) {
    if (!view.loading) {
      const own = loadTable(view.root, view.name, view.chunks);
      view.loading = view.name === CATALOGUE ? own : Promise.all([loadTable(view.root, CATALOGUE, view.chunks), own]).then(function (both) {
        return both[0].map(function (lead, i) {
          const title = lead[1].slice();
          const issuer = lead[2][2];
          if (view.issuer && typeof issuer === 'string' && issuer !== '—') title.push([issuer, 0, 'issuer']);
          return [lead[0], title].concat(both[1][i]);
        });
      });
    }
    return view.loading;
  }

  /** Numbers before text; numbers by value, text in Chinese order. */
  function compare(a, b) {
    const an = typeof a === 'number';
    const bn = typeof b === 'number';
    if (an && bn) return a - b;
    if (an !== bn) return an ? -1 : 1;
    return String(a).localeCompare(String(b), 'zh-Hans-CN');
  }

  /** A cell's span; a link that is only `#anchor` is into the row's report. */
  function spanNode(span, root, report) {
    if (typeof span === 'string') return document.createTextNode(span);
    const node = document.createElement(span[1] ? 'a' : 'span');
    if (span[1]) node.href = root + (span[1].charAt(0) === '#' ? report + span[1] : span[1]);
    if (span[2]) node.className = span[2];
    node.textContent = span[0];
    return node;
  }

  function rowNode(row, root) {
    const report = row[1][2][1];
    const tr = document.createElement('tr');
    for (let c = 1; c < row.length; c++) {
      const cell = row[c];
      const node = document.createElement(c === 1 ? 'th' : 'td');
      if (c === 1) node.scope = 'row';
      if (cell[1]) node.className = cell[1];
      for (let s = 2; s < cell.length; s++) node.appendChild(spanNode(cell[s], root, report));
      tr.appendChild(node);
    }
    return tr;
  }

  /** The view's state from the URL: filters by name, sort column, page. */
  function readState(view) {
    const params = new URLSearchParams(location.search);
    const state = { filters: {}, sort: null, dir: 'asc', page: 1 };
    view.selects.forEach(function (select) {
      const value = params.get(select.name);
      if (value && Array.from(select.options).some(function (o) { return o.value === value; })) {
        state.filters[select.name] = value;
      }
    });
    const sort = Number(params.get('sort'));
    if (params.has('sort') && Number.isInteger(sort) && sort >= 0 && sort < view.headers.length) state.sort = sort;
    if (params.get('dir') === 'desc') state.dir = 'desc';
    const page = Number(params.get('page'));
    if (Number.isInteger(page) && page > 1) state.page = page;
    return state;
  }

  function writeState(state, push) {
    const params = new URLSearchParams(location.search);
    ['sort', 'dir', 'page'].forEach(function (k) { params.delete(k); });
    Object.keys(state.names).forEach(function (name) {
      if (state.filters[name]) params.set(name, state.filters[name]);
      else params.delete(name);
    });
    if (state.sort !== null) {
      params.set('sort', String(state.sort));
      params.set('dir', state.dir);
    }
    if (state.page > 1) params.set('page', String(state.page));
    const query = params.toString();
    const url = location.pathname + (query ? '?' + query : '') + location.hash;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  function selected(view, rows, state) {
    const wanted = view.selects.map(function (select) {
      return [Number(select.dataset.filter), state.filters[select.name] || ''];
    }).filter(function (w) { return w[1] !== ''; });
    const shown = rows.filter(function (row) {
      return wanted.every(function (w) { return row[0][w[0]] === w[1]; });
    });
    if (state.sort !== null) {
      const c = state.sort + 1;
      const sign = state.dir === 'desc' ? -1 : 1;
      // Stable: rows of equal keys keep the archive order.
      shown.sort(function (a, b) { return sign * compare(a[c][0], b[c][0]); });
    }
    return shown;
  }

  function draw(view, rows, state) {
    const shown = selected(view, rows, state);
    const pages = Math.max(1, Math.ceil(shown.length / view.perPage));
    state.page = Math.min(state.page, pages);
    const start = (state.page - 1) * view.perPage;
    const body = document.createElement('tbody');
    shown.slice(start, start + view.perPage).forEach(function (row) {
      body.appendChild(rowNode(row, view.root));
    });
    view.table.replaceChild(body, view.table.tBodies[0]);
    view.headers.forEach(function (th, i) {
      if (state.sort === i) th.setAttribute('aria-sort', state.dir === 'desc' ? 'descending' : 'ascending');
      else th.removeAttribute('aria-sort');
    });
    view.selects.forEach(function (select) { select.value = state.filters[select.name] || ''; });
    view.count.textContent = '显示 ' + shown.length + ' / ' + rows.length + ' 份';
    if (view.caption) view.caption.textContent = '（' + shown.length + ' 份，第 ' + state.page + ' / ' + pages + ' 页）';
    if (view.more) view.more.hidden = true;
    drawPager(view, rows, state, pages);
  }

  function pagerButton(label, page, view, rows, state) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.disabled = page < 1 || page > Math.max(1, Math.ceil(selected(view, rows, state).length / view.perPage));
    button.addEventListener('click', function () {
      state.page = page;
      writeState(state, true);
      draw(view, rows, state);
      view.table.scrollIntoView({ block: 'start' });
    });
    return button;
  }

  function drawPager(view, rows, state, pages) {
    const nav = view.pager;
    nav.textContent = '';
    nav.hidden = pages <= 1;
    nav.appendChild(pagerButton('上一页', state.page - 1, view, rows, state));
    const where = document.createElement('span');
    where.textContent = ' 第 ' + state.page + ' / ' + pages + ' 页 ';
    nav.appendChild(where);
    nav.appendChild(pagerButton('下一页', state.page + 1, view, rows, state));
  }

  function setUp(root) {
    const view = {
      root: root.dataset.root || '',
      name: root.dataset.table,
      chunks: Number(root.dataset.chunks),
      issuer: root.dataset.issuer === 'true',
      perPage: Number(root.dataset.perPage),
      table: root.querySelector('table'),
      form: root.querySelector('form.table-filters'),
      count: root.querySelector('.table-count'),
      pager: root.querySelector('.table-pager'),
      more: root.querySelector('.table-more'),
      caption: root.querySelector('.table-caption-count'),
    };
    view.selects = Array.from(view.form.querySelectorAll('select'));
    view.headers = Array.from(view.table.tHead.rows[0].cells);
    const state = readState(view);
    state.names = {};
    view.selects.forEach(function (s) { state.names[s.name] = true; });
    const apply = function (push) {
      view.count.textContent = '载入中…';
      return loadRows(view).then(function (rows) {
        if (push) writeState(state, true);
        draw(view, rows, state);
      }).catch(function (error) { view.count.textContent = error.message; });
    };
    view.headers.forEach(function (th, i) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = '⇅';
      button.setAttribute('aria-label', '按“' + th.textContent.trim() + '”排序');
      th.appendChild(button);
      button.addEventListener('click', function () {
        state.dir = state.sort === i && state.dir === 'asc' ? 'desc' : 'asc';
        state.sort = i;
        state.page = 1;
        apply(true);
      });
    });
    view.selects.forEach(function (select) {
      select.addEventListener('change', function () {
        state.filters[select.name] = select.value;
        state.page = 1;
        apply(true);
      });
    });
    view.form.addEventListener('submit', function (e) { e.preventDefault(); });
    view.form.hidden = false;
    window.addEventListener('popstate', function () {
      const back = readState(view);
      state.filters = back.filters;
      state.sort = back.sort;
      state.dir = back.dir;
      state.page = back.page;
      apply(false);
    });
    const stated = Object.keys(state.filters).length > 0 || state.sort !== null || state.page > 1;
    if (stated) apply(false);
    else view.count.textContent = '共 ' + root.dataset.count + ' 份';
  }

  document.querySelectorAll('.table-view[data-table]').forEach(setUp);
}());
