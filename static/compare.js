// The compare view: reads `?r=slug&r=slug…` (two to four reports), loads
// each report's parts from data/compare/<slug>.js (a script, so that it also
// works from disk, where fetch() of JSON is blocked) and shows them part by
// part, side by side. Report text is only ever put in text nodes.
(function () {
  'use strict';
  const MAX_REPORTS = 4;
  const loaded = new Map();
  const waiting = new Map();

  window.BaogaoCompare = {
    add: function (data) {
      loaded.set(data.slug, data);
      const resolve = waiting.get(data.slug);
      if (resolve) {
        waiting.delete(data.slug);
        resolve(data);
      }
    },
  };

  function known() {
    return new Set(Array.from(document.querySelectorAll('#report-slugs option')).map(function (o) { return o.value; }));
  }

  function load(slug) {
    if (loaded.has(slug)) return Promise.resolve(loaded.get(slug));
    return new Promise(function (resolve, reject) {
      waiting.set(slug, resolve);
      const script = document.createElement('script');
      script.src = '../data/compare/' + encodeURIComponent(slug) + '.js';
      script.onerror = function () { reject(new Error('cannot load ' + slug)); };
      document.head.appendChild(script);
    });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    const a = el('a', '', text);
    a.href = href;
    return a;
  }

  function column(report, part) {
    const cell = el('div', 'compare-cell');
    if (part.sections.length === 0) {
      cell.appendChild(el('p', 'missing-note', '未包含此部分'));
      return cell;
    }
    part.sections.forEach(function (section) {
      const h = el('h4');
      h.appendChild(link('../' + report.url + '#' + section.anchor, section.heading));
      cell.appendChild(h);
      section.paragraphs.forEach(function (p) {
        const para = el('p', '', p.text + ' ');
        const a = link('../' + report.url + '#' + p.anchor, '¶');
        a.className = 'permalink';
        para.appendChild(a);
        cell.appendChild(para);
      });
    });
    return cell;
  }

  function render(view, reports) {
    view.textContent = '';
    const grid = 'cols-' + reports.length;
    const head = el('div', 'compare-row compare-head ' + grid);
    reports.forEach(function (r) {
      const cell = el('div', 'compare-cell');
      const h = el('h2');
      h.appendChild(link('../' + r.url, r.title));
      cell.appendChild(h);
      cell.appendChild(el('p', 'meta-line', [r.issuer, r.year ? r.year + ' 年度' : ''].filter(Boolean).join(' · ')));
      head.appendChild(cell);
    });
    view.appendChild(head);
    reports[0].parts.forEach(function (part, index) {
      const parts = reports.map(function (r) { return r.parts[index]; });
      if (part.part === null && parts.every(function (p) { return p.sections.length === 0; })) return;
      const section = el('section', 'compare-part');
      section.appendChild(el('h3', 'compare-part-title', part.label));
      const row = el('div', 'compare-row ' + grid);
      reports.forEach(function (r, i) { row.appendChild(column(r, parts[i])); });
      section.appendChild(row);
      view.appendChild(section);
    });
  }

  function start() {
    const view = document.getElementById('compare-view');
    const valid = known();
    const requested = new URLSearchParams(location.search).getAll('r').map(function (s) { return s.trim(); }).filter(Boolean);
    const slugs = Array.from(new Set(requested)).slice(0, MAX_REPORTS);
    const inputs = document.querySelectorAll('.compare-form input[name="r"]');
    slugs.forEach(function (slug, i) { if (inputs[i]) inputs[i].value = slug; });
    const unknown = slugs.filter(function (s) { return !valid.has(s); });
    if (unknown.length > 0) {
      view.textContent = '';
      view.appendChild(el('p', 'notice', '找不到这些报告：' + unknown.join('、')));
      return;
    }
    if (slugs.length < 2) {
      view.textContent = '';
      view.appendChild(el('p', 'notice', '请选择二至四份报告。'));
      return;
    }
    Promise.all(slugs.map(load)).then(function (reports) { render(view, reports); }, function (err) {
      view.textContent = '';
      view.appendChild(el('p', 'notice', '无法载入报告数据：' + err.message));
    });
  }

  start();
}());
