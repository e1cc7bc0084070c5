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

  // The archive's reports come from the full list's data files
  // (`data/tables/reports-<k>.js`), loaded by table.js's BaogaoTable when
  // the view needs them: the page itself lists no report, so it stays small.
  let catalogueLoad = null;

  /**
   * Every report by slug: its number in the archive (its text file), its
   * title and year. A row's first cell links its page (`reports/<slug>.html`).
   */
  function catalogue() {
    if (catalogueLoad) return catalogueLoad;
    const form = document.querySelector('.compare-form');
    catalogueLoad = window.BaogaoTable.load('../', 'reports', Number(form.dataset.chunks)).then(function (rows) {
      const map = new Map();
      rows.forEach(function (row, r) {
        const link = row[1][2];
        const slug = link[1].replace(/^reports\//, '').replace(/\.html$/, '');
        map.set(slug, { r: r, title: link[0], year: row[3][0] || null });
      });
      return map;
    });
    return catalogueLoad;
  }

  /** Offers the reports whose title or slug holds what was typed. */
  function suggest(input) {
    const wanted = input.value.trim();
    if (wanted.length === 0) return;
    catalogue().then(function (map) {
      const list = document.getElementById('report-slugs');
      list.textContent = '';
      let shown = 0;
      for (const [slug, entry] of map) {
        if (shown >= 20) break;
        if (entry.title.indexOf(wanted) < 0 && slug.indexOf(wanted) < 0) continue;
        const option = document.createElement('option');
        option.value = slug;
        option.textContent = entry.title + (entry.year ? '（' + entry.year + '）' : '');
        list.appendChild(option);
        shown += 1;
      }
    });
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
    const requested = new URLSearchParams(location.search).getAll('r').map(function (s) { return s.trim(); }).filter(Boolean);
    const slugs = Array.from(new Set(requested)).slice(0, MAX_REPORTS);
    const inputs = document.querySelectorAll('.compare-form input[name="r"]');
    inputs.forEach(function (input) {
      input.addEventListener('input', function () { suggest(input); });
    });
    slugs.forEach(function (slug, i) { if (inputs[i]) inputs[i].value = slug; });
    const notice = function (text) {
      view.textContent = '';
      view.appendChild(el('p', 'notice', text));
    };
    if (slugs.length < 2) {
      notice('请选择二至四份报告。');
      return;
    }
    catalogue().then(function (valid) {
      const unknown = slugs.filter(function (s) { return !valid.has(s); });
      if (unknown.length > 0) {
        notice('找不到这些报告：' + unknown.join('、'));
        return null;
      }
      const layout = partList();
      return Promise.all(slugs.map(function (s) { return load(s, valid.get(s).r, layout); })).then(function (reports) { render(view, reports); });
    }).catch(function (err) {
      notice('无法载入报告数据：' + err.message);
    });
  }

  start();
}());
