// Sorting and filtering for the comparison tables. The tables are complete
// and readable without this script; it only adds sort buttons to the column
// headers of `table[data-sortable]` and, for `data-filters="year kind"`,
// a select per named row attribute (`data-year`, `data-kind`).
(function () {
  'use strict';

  function cellValue(row, index) {
    const cell = row.children[index];
    if (!cell) return '';
    return cell.hasAttribute('data-sort-value') ? cell.getAttribute('data-sort-value') : cell.textContent.trim();
  }

  function compare(a, b) {
    const x = Number(a);
    const y = Number(b);
    if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
    return a.localeCompare(b, 'zh-Hans-CN');
  }

  function makeSortable(table) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.textContent = '⇅';
      button.setAttribute('aria-label', '按“' + th.textContent.trim() + '”排序');
      th.appendChild(button);
      button.addEventListener('click', function () {
        const ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        const body = table.tBodies[0];
        const rows = Array.from(body.rows);
        rows.sort(function (r1, r2) {
          const order = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(table) {
    const names = table.getAttribute('data-filters').split(/\s+/).filter(Boolean);
    const labels = { year: '年度', kind: '机关类型', region: '地区' };
    const bar = document.createElement('div');
    bar.className = 'table-filters';
    const selects = names.map(function (name) {
      const values = new Set();
      Array.from(table.tBodies[0].rows).forEach(function (row) {
        const v = row.getAttribute('data-' + name);
        if (v) values.add(v);
      });
      const label = document.createElement('label');
      label.textContent = (labels[name] || name) + ' ';
      const select = document.createElement('select');
      select.setAttribute('data-filter', name);
      const all = document.createElement('option');
      all.value = '';
      all.textContent = '全部';
      select.appendChild(all);
      Array.from(values).sort(compare).forEach(function (v) {
        const option = document.createElement('option');
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
      label.appendChild(select);
      bar.appendChild(label);
      return select;
    });
    const count = document.createElement('output');
    bar.appendChild(count);
    function apply() {
      let shown = 0;
      Array.from(table.tBodies[0].rows).forEach(function (row) {
        const visible = selects.every(function (s) {
          return s.value === '' || row.getAttribute('data-' + s.getAttribute('data-filter')) === s.value;
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = '显示 ' + shown + ' 份';
    }
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    apply();
    table.parentNode.insertBefore(bar, table);
  }

  document.querySelectorAll('table[data-sortable]').forEach(makeSortable);
  document.querySelectorAll('table[data-filters]').forEach(makeFilterable);
}());
