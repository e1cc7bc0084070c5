// The search page in headless Chromium, over http (Web Worker) and from
// disk (file://: the core on the main thread, index loaded as scripts):
// typing a query, results and highlights, a filter, keyboard navigation,
// following a result to its paragraph, no CSP violation; and report text
// with markup in it shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileUrl, serve, launch, recordingPage } from './lib/site.mjs';

let browser;
let server;
before(async () => {
  browser = await launch();
  server = await serve();
});
after(async () => {
  server?.close();
  await browser?.close();
});

async function openSearch(url) {
  const { page, problems } = await recordingPage(browser);
  await page.goto(url);
  return { page, problems };
}

async function resultsFor(page, query) {
  await page.fill('#search-q', query);
  await page.waitForFunction(
    (q) => new URL(location.href).searchParams.get('q') === q && !/正在检索/.test(document.getElementById('search-status').textContent) && document.getElementById('search-status').textContent !== '',
    query,
  );
}

async function checkSearch(base, { worker }) {
  const { page, problems } = await openSearch(`${base}search.html?q=${encodeURIComponent('律顾')}`);
  await page.locator('.search-hit').first().waitFor();
  assert.equal(await page.inputValue('#search-q'), '律顾', '?q= fills the box');
  assert.equal(await page.locator('.search-hit').count(), 4, 'every paragraph with 律顾');
  const marks = await page.locator('.search-hit mark').allTextContents();
  assert.ok(marks.length >= 4 && marks.every((m) => m === '律顾'), `highlights: ${marks}`);
  assert.match(await page.textContent('#search-status'), /3 份报告中的 4 处/);
  assert.equal(page.context().pages().length >= 1, true);
  if (worker) assert.equal(page.workers().length, 1, 'the query runs in a worker over http');

  // Typing a new query updates the results and the URL.
  await resultsFor(page, '行政复议');
  assert.ok(await page.locator('.search-hit').count() > 0);
  assert.ok((await page.locator('.search-hit mark').allTextContents()).every((m) => m === '行政复议'));

  // A year filter keeps only that year's reports.
  await resultsFor(page, '律顾');
  const all = await page.locator('.search-report').count();
  await page.locator('fieldset', { hasText: '年度' }).locator('label', { hasText: '2021' }).locator('input').check();
  await page.waitForFunction(() => {
    const links = [...document.querySelectorAll('.search-report h2 a')];
    return links.length > 0 && links.every((a) => a.getAttribute('href').includes('2021-'));
  });
  assert.ok(all > (await page.locator('.search-report').count()), 'the filter left reports out');
  const urls = await page.locator('.search-report h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(urls.length > 0 && urls.every((u) => u.includes('2021-')), `only 2021 reports: ${urls}`);

  // No results: a clear message.
  await resultsFor(page, '量子计算');
  assert.match(await page.textContent('#search-status'), /没有找到/);
  assert.equal(await page.locator('.search-hit').count(), 0);

  // Keyboard: arrow down from the box to the first result, Enter follows it.
  await page.locator('fieldset', { hasText: '年度' }).locator('input:checked').uncheck();
  await resultsFor(page, '律顾');
  await page.locator('.search-hit').first().waitFor();
  await page.focus('#search-q');
  await page.keyboard.press('ArrowDown');
  const href = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.match(href, /^reports\/[^#]+\.html#[a-z0-9-]+$/);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href.endsWith(href));
  const anchor = href.split('#')[1];
  assert.match(await page.locator(`[id="${anchor}"]`).textContent(), /律顾/);
  assert.deepEqual(problems, [], 'no console error, no CSP violation');
  await page.close();
}

test('search over http: worker, results, highlights, filter, keyboard, permalink', async () => {
  await checkSearch(server.url, { worker: true });
});

test('search from disk: index loaded as scripts on the main thread', async () => {
  await checkSearch(fileUrl('').replace(/\/?$/, '/'), { worker: false });
});

test('every page has a header search box that leads to the search page', async () => {
  const { page, problems } = await openSearch(fileUrl('index.html'));
  await page.fill('#site-search-q', '法律顾问');
  await page.press('#site-search-q', 'Enter');
  await page.waitForURL(/search\.html\?q=/);
  await page.locator('.search-hit').first().waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

/** Builds a one-report archive whose text contains markup. */
function hostileSite() {
  const dir = mkdtempSync(join(tmpdir(), 'baogao-search-'));
  const content = join(dir, 'content');
  execFileSync('mkdir', ['-p', content]);
  writeFileSync(join(content, '2022-test.txt'), [
    '某区人民政府关于2022年法治政府建设情况的报告',
    '',
    '一、主要举措和成效',
    '',
    '正文写着<script>alert(1)</script>和<img src=x onerror=alert(2)>以及&amp;实体。',
    '',
  ].join('\n'));
  const bin = existsSync('target/release/baogao') ? 'target/release/baogao' : 'target/debug/baogao';
  execFileSync(bin, ['build', '--content', content, '--output', join(dir, 'public')]);
  return join(dir, 'public');
}

test('report text with markup is shown as text in snippets', async () => {
  const site = hostileSite();
  const { page, problems } = await openSearch(pathToFileURL(join(site, 'search.html')).href + '?q=onerror');
  await page.locator('.search-hit').first().waitFor();
  const hit = page.locator('.search-hit').first();
  assert.match(await hit.textContent(), /<script>alert\(1\)<\/script>和<img src=x onerror=alert\(2\)>以及&amp;实体/);
  assert.equal(await page.locator('.search-results img, .search-results script').count(), 0);
  assert.deepEqual(await hit.locator('mark').allTextContents(), ['onerror']);
  assert.deepEqual(problems, []);
  await page.close();
});
