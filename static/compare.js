// The compare view: reads `?r=slug&r=slug…` (two to four reports), loads
// each report's text from search/r/<i>.js (the file search results show;
// a script, so that it also works from disk, where fetch() of JSON is
// blocked) and shows it part by part, side by side. Report text is only
// ever put in text nodes.
(function () {
  'use strict';
  const MAX_REPORTS = 4;
  const loaded = new Map();
  const waiting = new Map();

  // The text files call BaogaoSearch.register(name, data); this page has
  // no search, so the name is this view's.
  window.BaogaoSearch = {
    register: function (name, data) {
      loaded.set(name, data);
      const resolve = waiting.get(name);
      if (resolve) {
        waiting.delete(name);
        resolve(data);
      }
    },
  };

  /** Each report's number in the archive (its text file), by slug. */
  function known() {
    return new Map(Array.from(document.querySelectorAll('#report-slugs option')).map(function (o) {
      return [o.value, o.dataset.r];
    }));
  }

  /** The mandated parts, in order, then the sections that map to none. */
  function partList() {
    const list = document.getElementById('compare-parts');
    return {
      bit: Number(list.dataset.bit),
      parts: Array.from(list.children).map(function (li) {
        return { part: li.dataset.part || null, label: li.textContent };
      }),
    };
  }

  function hasBit(mask, bit) {
    // Masks go past 32 bits: arithmetic, not bitwise operators.
    return Math.floor(mask / Math.pow(2, bit)) % 2 === 1;
  }

  /**
   * A text file as the view shows it: its top-level sections, each with
   * the paragraphs under it, grouped by mandated part (the part bits of the
   * section heading's mask; the heading bit is bit 0).
   */
  function report(slug, text, layout) {
    const named = layout.parts.length - 1;
    const parts = layout.parts.map(function (p) { return { part: p.part, label: p.label, sections: [] }; });
    text.sections.forEach(function (at, k) {
      const end = k + 1 < text.sections.length ? text.sections[k + 1] : text.docs.length;
      const heading = text.docs[at];
      let index = named;
      for (let i = 0; i < named; i++) {
        if (hasBit(heading[2], layout.bit + i)) { index = i; break; }
      }
      parts[index].sections.push({
        anchor: heading[0],
        heading: heading[1],
        paragraphs: text.docs.slice(at + 1, end).filter(function (d) { return !hasBit(d[2], 0); })
          .map(function (d) { return { anchor: d[0], text: d[1] }; }),
      });
    });
    return {
      slug: slug, title: text.title, issuer: text.issuer, year: text.year,
      url: 'reports/' + slug + '.html', parts: parts,
    };
  }

  function load(slug, r, layout) {
    const name = 'r/' + r;
    const made = function (text) { return report(slug, text, layout); };
    if (loaded.has(name)) return Promise.resolve(made(loaded.get(name)));
    return new Promise(function (resolve, reject) {
      waiting.set(name, resolve);
      const script = document.createElement('script');
      script.src = '../search/' + name + '.js';
      script.onerror = function () { reject(new Error('cannot load ' + slug)); };
      document.head.appendChild(script);
    }).then(made);
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
    const layout = partList();
    Promise.all(slugs.map(function (s) { return load(s, valid.get(s), layout); })).then(function (reports) { render(view, reports); }, function (err) {
      view.textContent = '';
      view.appendChild(el('p', 'notice', '无法载入报告数据：' + err.message));
    });
  }

  start();
}());
