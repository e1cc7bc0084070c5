// The built site in headless Chromium, opened from disk and over http: the
// home page lists the reports, every link and anchor resolves, report pages
// show their structure, and nothing is logged as an error (CSP included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';
import { SITE, listFiles, fileUrl, serve, launch, recordingPage } from './lib/site.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Resolves a relative link of page `from` to a site-relative path. */
function target(from, href) {
  const [withQuery, fragment] = href.split('#');
  const path = withQuery.split('?')[0];
  const rel = path === '' ? from : posix.normalize(posix.join(posix.dirname(from), decodeURI(path)));
  return { rel, fragment: fragment ? decodeURIComponent(fragment) : null };
}

const idCache = new Map();
function idsOf(rel) {
  if (!idCache.has(rel)) {
    const html = readFileSync(join(SITE, rel), 'utf8');
    idCache.set(rel, new Set([...html.matchAll(/\sid=(?:"([^"]*)"|([^\s>]+))/g)].map((m) => m[1] ?? m[2])));
  }
  return idCache.get(rel);
}

test('every internal link and anchor of every page resolves', () => {
  const pages = listFiles().filter((f) => f.endsWith('.html'));
  const broken = [];
  for (const from of pages) {
    const html = readFileSync(join(SITE, from), 'utf8');
    for (const m of html.matchAll(/\s(?:href|src)=(?:"([^"]*)"|([^\s>]+))/g)) {
      const href = (m[1] ?? m[2]).replaceAll('&amp;', '&');
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // http:, https:, mailto:
      const { rel, fragment } = target(from, href);
      if (!existsSync(join(SITE, rel))) broken.push(`${from}: ${href} (no file ${rel})`);
      else if (fragment && rel.endsWith('.html') && !idsOf(rel).has(fragment)) broken.push(`${from}: ${href} (no id ${fragment})`);
    }
  }
  assert.deepEqual(broken, []);
});

async function browseReports(base) {
  const { page, problems } = await recordingPage(browser);
  await page.goto(base + 'index.html');
  const links = page.locator('.latest a[href^="reports/"]');
  const count = await links.count();
  assert.equal(count, 5, 'the home page lists the five bundled reports');
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    await page.goto(base + 'index.html');
    await page.locator(`.latest a[href="${href}"]`).click();
    await page.waitForURL((url) => url.href.endsWith(href));
    const h1 = (await page.locator('h1').textContent()).trim();
    assert.ok(h1.length > 5, `${href} has a title`);
    assert.ok(await page.locator('section[id^="s"]').count() >= 2, `${href} has sections`);
    assert.ok(await page.locator('nav.toc a[href^="#s"]').count() >= 2, `${href} has a table of contents`);
    // Following a table-of-contents entry lands on its section.
    const first = page.locator('nav.toc a').first();
    const anchor = (await first.getAttribute('href')).slice(1);
    await first.click();
    assert.equal(await page.evaluate(() => decodeURIComponent(location.hash.slice(1))), anchor);
    assert.ok(await page.locator(`[id="${anchor}"]`).isVisible());
    // Each paragraph ends with its permalink (added by static/report.js).
    const paragraphs = page.locator('.body p[id]');
    assert.equal(await page.locator('.body p[id] > a.permalink:last-child').count(), await paragraphs.count(), `${href}: a ¶ per paragraph`);
    const pilcrow = paragraphs.first().locator('a.permalink');
    assert.equal(await pilcrow.getAttribute('href'), '#' + await paragraphs.first().getAttribute('id'));
    assert.equal(await pilcrow.getAttribute('aria-label'), '本段链接');
    // The original text is there and readable as UTF-8.
    const source = await page.locator('a', { hasText: '原始文本' }).getAttribute('href');
    const sourcePath = posix.join(posix.dirname(href), source);
    assert.ok(existsSync(join(SITE, sourcePath)), `${sourcePath} exists`);
    assert.ok(readFileSync(join(SITE, sourcePath), 'utf8').includes('法治'), 'original text is UTF-8');
    // Styles load (a CSP or path problem would leave the default serif black).
    const border = await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).borderBottomStyle);
    assert.equal(border, 'solid', 'the stylesheet is applied');
  }
  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  await page.close();
}

test('opened from disk (file://), the reports can be browsed', async () => {
  await browseReports(fileUrl('').replace(/\/?$/, '/'));
});

test('served over http, the reports can be browsed', async () => {
  const server = await serve();
  try {
    await browseReports(server.url);
  } finally {
    server.close();
  }
});

test('every page loads from disk with no console error or CSP violation', async () => {
  const { page, problems } = await recordingPage(browser);
  for (const rel of listFiles().filter((f) => f.endsWith('.html'))) {
    await page.goto(fileUrl(rel));
    await page.waitForLoadState('load');
    assert.deepEqual(problems, [], `on ${rel}`);
  }
  await page.close();
});
