// The pages that show the archive across the years, on a generated archive
// of 1,000 reports (BAOGAO_ARCHIVE_SITE, built by scripts/test.sh), whose
// issuers report over several years: the trends page and the issuers'
// timelines, reached from the home page, drawn (charts and tables), every
// link followed, over http and from disk; and valid HTML (W3C Nu checker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
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

/** The issuer pages the issuer index links (issuers with two reports or more). */
function issuerPages() {
  const html = readFileSync(join(ARCHIVE, 'issuers/index.html'), 'utf8');
  const links = [...html.matchAll(/href="([^"#?]+\.html)"/g)].map((m) => posix.join('issuers', m[1]));
  return [...new Set(links)].filter((p) => /^issuers\/(?!index)[^/]+\.html$/.test(p));
}

/** Every link in the page's main part, as paths from the site root. */
async function mainLinks(page, from) {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return hrefs
    .filter((h) => !/^[a-z]+:/.test(h))
    .map((h) => posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(h.split(/[?#]/)[0]))));
}

/** Each anchor the page's links point at exists on the page they name. */
function assertAnchorsExist(page, hrefs, from) {
  for (const href of hrefs) {
    const [path, anchor] = href.split('#');
    if (!anchor) continue;
    const target = posix.normalize(posix.join(posix.dirname(from), decodeURIComponent(path)));
    const html = readFileSync(join(ARCHIVE, target), 'utf8');
    assert.ok(html.includes(`id="${anchor}"`) || html.includes(`id=${anchor}`), `${from}: ${href} has no #${anchor}`);
  }
}

for (const [how, base] of [['over http', () => server.url], ['from disk', () => pathToFileURL(ARCHIVE).href + '/']]) {
  test(`${how}: the home page leads to the trends page, which draws every year`, { skip }, async () => {
    const { page, problems } = await recordingPage(browser);
    await page.goto(base() + 'index.html');
    await page.locator('main a[href="trends.html"]').click();
    assert.match(page.url(), /trends\.html$/);
    const data = JSON.parse(readFileSync(join(ARCHIVE, 'data/trends.json'), 'utf8'));
    assert.ok(data.years.length >= 3, `${data.years.length} years`);
    const rows = await page.locator('table.trends').first().locator('tbody tr').count();
    assert.equal(rows, data.years.length, 'a row per year');
    const charts = await page.locator('figure.chart.lines svg').count();
    assert.ok(charts >= 3, `${charts} charts`);
    const dots = await page.locator('figure.chart.lines svg circle').count();
    assert.ok(dots >= data.years.length, `${dots} points`);
    for (const rel of await mainLinks(page, 'trends.html')) {
      assert.ok(existsSync(join(ARCHIVE, rel)), `trends.html links ${rel}, which is not in the site`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${how}: an issuer's timeline lists its years, charts its figures and links its reports`, { skip }, async () => {
    const pages = issuerPages();
    assert.ok(pages.length > 0, 'some issuer reports over several years');
    const { page, problems } = await recordingPage(browser);
    let charted = 0;
    for (const path of pages.slice(0, 5)) {
      await page.goto(base() + path);
      const years = await page.locator('table.timeline tbody tr').count();
      assert.ok(years >= 2, `${path}: ${years} years`);
      charted += await page.locator('figure.chart.lines').count();
      const links = await mainLinks(page, path);
      for (const rel of links) assert.ok(existsSync(join(ARCHIVE, rel)), `${path} links ${rel}`);
      const reports = links.filter((l) => l.startsWith('reports/'));
      assert.ok(reports.length >= years, `${path}: its reports linked`);
      const hrefs = await page.locator('main a[href*="#"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assertAnchorsExist(page, hrefs, path);
      // Following a report link from the timeline opens the report.
      await page.locator('table.timeline tbody a').first().click();
      assert.match(page.url(), /reports\/[^/]+\.html$/);
    }
    assert.ok(charted > 0, 'some issuer states a figure in several years');
    assert.deepEqual(problems, []);
    await page.close();
  });
}

/** Report pages that follow up last year's plans, the first `n`. */
function followingReports(n) {
  const found = [];
  for (const file of readdirSync(join(ARCHIVE, 'reports')).sort()) {
    const html = readFileSync(join(ARCHIVE, 'reports', file), 'utf8');
    const at = html.search(/id="?last-year-plans/);
    if (at >= 0 && html.slice(at, html.indexOf('</section>', at)).includes('plan-items')) found.push(`reports/${file}`);
    if (found.length === n) break;
  }
  return found;
}

for (const [how, base] of [['over http', () => server.url], ['from disk', () => pathToFileURL(ARCHIVE).href + '/']]) {
  test(`${how}: last year's plan items link the paragraphs that plan and deliver them`, { skip }, async () => {
    const reports = followingReports(3);
    assert.ok(reports.length > 0, 'some report follows up last year\'s plans');
    const { page, problems } = await recordingPage(browser);
    for (const path of reports) {
      await page.goto(base() + path);
      const links = page.locator('#last-year-plans .plan-items a');
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(hrefs.length > 0 && hrefs.every((h) => h.includes('#')), `${path}: ${hrefs}`);
      assertAnchorsExist(page, hrefs, path);
      // The first item opens last year's report at the item.
      await links.first().click();
      const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
      assert.ok(hash && (await page.locator(`[id="${hash}"]`).count()) === 1, `${page.url()}`);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('the trends page, issuer timelines and reports that follow up plans are valid HTML (W3C Nu checker)', { skip }, () => {
  const require = createRequire(import.meta.url);
  const pages = ['trends.html', ...issuerPages().slice(0, 10), ...followingReports(3)].map((p) => join(ARCHIVE, p));
  const run = spawnSync('java', ['-jar', require('vnu-jar'), '--errors-only', '--format', 'text', ...pages], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `could not run java: ${run.error}`);
  assert.equal(run.status, 0, `the Nu checker found errors:\n${run.stdout}${run.stderr}`);
});
