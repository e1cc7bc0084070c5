// A generated archive of at least 1,000 reports (scripts/test.sh builds it
// from examples/synth.rs into BAOGAO_ARCHIVE_SITE) in headless Chromium:
// the tables that list every report filter, count and sort the whole
// archive from the state in the URL, and without JavaScript every report is
// still reached from the home page through the paged lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ARCHIVE, ARCHIVE_SKIP, launch, recordingPage, serve } from './lib/site.mjs';

const skip = ARCHIVE_SKIP;

let browser;
let server;
before(async () => {
  if (!ARCHIVE) return;
  browser = await launch();
  server = await serve(ARCHIVE);
});
after(async () => {
  await browser?.close();
  server?.close();
});

/**
 * Every row of a table's data files, read from disk, not through the page;
 * a number among a row's elements is the file's shared element of that place.
 */
function tableRows(name) {
  const rows = [];
  for (let k = 0; ; k++) {
    let text;
    try {
      text = readFileSync(join(ARCHIVE, `data/tables/${name}-${k}.js`), 'utf8');
    } catch {
      return rows;
    }
    const json = text.trim().replace(/^BaogaoTable\.register\("[^"]+",/, '').replace(/\);$/, '');
    const [packed, shared] = JSON.parse(`[${json}]`);
    rows.push(...packed.map((row) => row.map((e) => (typeof e === 'number' ? shared[e] : e))));
  }
}

/** Report pages in the site, by path. */
function reportPages() {
  return readdirSync(join(ARCHIVE, 'reports')).filter((f) => f.endsWith('.html'))
    .map((f) => `reports/${f}`).sort();
}

test('the archive is large enough to test at size', { skip }, () => {
  assert.ok(reportPages().length >= 1000, `${reportPages().length} reports`);
});

for (const [how, base] of [['over http', () => server.url], ['from disk', () => pathToFileURL(ARCHIVE).href + '/']]) {
  test(`${how}: the matrix filtered to one year through its URL shows exactly that year's reports`, { skip }, async () => {
    // The catalogue (the full list) holds each report's filter values and
    // title; the matrix's own rows, only its cells.
    const rows = tableRows('reports');
    assert.equal(tableRows('matrix').length, rows.length);
    const years = rows.map((r) => r[0][0]).filter(Boolean);
    const year = [...new Set(years)].sort()[1];
    const expected = rows.filter((r) => r[0][0] === year).map((r) => r[1][2][0]);
    // The year's own static list counts the same reports.
    const listed = readFileSync(join(ARCHIVE, 'years/index.html'), 'utf8');
    assert.match(listed, new RegExp(`${year} 年度</a> <span class=count>${expected.length} 份报告`));
    const { page, problems } = await recordingPage(browser);
    await page.goto(base() + `compare/matrix.html?year=${year}`);
    const count = page.locator('.table-count');
    await count.filter({ hasText: '显示' }).waitFor();
    assert.equal(await count.textContent(), `显示 ${expected.length} / ${rows.length} 份`);
    assert.equal(await page.locator('select[name="year"]').inputValue(), year);
    const seen = [];
    for (;;) {
      const cells = await page.locator('table.matrix tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.cells[0].querySelector('a').textContent, tr.cells[1].textContent]));
      assert.ok(cells.length > 0 && cells.length <= 50, 'a page of rows');
      for (const [title, y] of cells) {
        assert.equal(y, year);
        seen.push(title);
      }
      const next = page.locator('.table-pager button', { hasText: '下一页' });
      if (await next.isDisabled()) break;
      await next.click();
    }
    assert.deepEqual(seen.sort(), expected.sort(), 'every report of the year, once');
    assert.match(page.url(), /[?&]page=\d+/, 'the page is in the URL');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('sorting a column orders the whole archive, not the page shown', { skip }, async () => {
  // The structure table's own cells: year, then the length.
  const chars = tableRows('structure').map((r) => r[1][0]);
  const longest = Math.max(...chars);
  const firstPage = chars.slice(0, 50);
  assert.ok(Math.max(...firstPage) < longest, 'the longest report is not among the rows the page shows first');
  const { page, problems } = await recordingPage(browser);
  await page.goto(server.url + 'compare/structure.html');
  const header = page.locator('table.structure thead th').nth(2);
  await header.locator('button.sort').click();
  await page.locator('.table-count', { hasText: '显示' }).waitFor();
  await header.locator('button.sort').click();
  await page.waitForFunction(() => document.querySelector('table.structure thead th:nth-child(3)').getAttribute('aria-sort') === 'descending');
  const shown = await page.locator('table.structure tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.cells[2].textContent)));
  assert.equal(shown[0], longest, 'the longest report of the archive comes first');
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i] <= shown[i - 1], 'in order');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('sort'), '2');
  assert.equal(url.searchParams.get('dir'), 'desc');
  // The sorted view, opened from its URL, is the same.
  const again = await browser.newPage();
  await again.goto(page.url());
  await again.locator('.table-count', { hasText: '显示' }).waitFor();
  const reopened = await again.locator('table.structure tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.cells[2].textContent)));
  assert.deepEqual(reopened, shown);
  assert.deepEqual(problems, []);
  await page.close();
  await again.close();
});

test('without JavaScript every report is reached from the home page', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // Follow the links of the home page and of the lists it leads to, not
  // of the reports themselves: a report must be listed, not only linked
  // from another report.
  const lists = /^(index\.html|years\/[^/]+\.html|regions\/[^/]+\.html|issuers\/index(\.\d+)?\.html)$/;
  const queue = ['index.html'];
  const visited = new Set(queue);
  const reached = new Set();
  while (queue.length > 0) {
    const from = queue.shift();
    await page.goto(server.url + from);
    const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) {
      if (/^[a-z]+:/.test(href)) continue;
      const rel = posix.normalize(posix.join(posix.dirname(from), href.split(/[?#]/)[0]));
      if (/^reports\/[^/]+\.html$/.test(rel)) reached.add(rel);
      else if (lists.test(rel) && !visited.has(rel)) {
        visited.add(rel);
        queue.push(rel);
      }
    }
  }
  assert.deepEqual([...reached].sort(), reportPages());
  await context.close();
});
