// The comparison pages in headless Chromium: the compare view with two
// report slugs in the URL (from disk and over http), and the matrix's
// sorting and filtering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

const A = '2021-pingdingshan-shifanqu';
const B = '2022-jiyuan-jingkaiqu';

async function checkCompareView(base) {
  const { page, problems } = await recordingPage(browser);
  await page.goto(`${base}compare/reports.html?r=${A}&r=${B}`);
  await page.locator('.compare-part').first().waitFor();
  const titles = await page.locator('.compare-head h2').allTextContents();
  assert.equal(titles.length, 2);
  assert.match(titles[0], /2021年度/);
  assert.match(titles[1], /济源/);
  const parts = await page.locator('.compare-part-title').allTextContents();
  for (const label of ['主要举措和成效', '存在的不足和原因', '第一责任人职责情况', '下一年度主要安排']) {
    assert.ok(parts.includes(label), `${label} is shown: ${parts}`);
  }
  const shortcomings = page.locator('.compare-part', { hasText: '存在的不足和原因' });
  const cells = shortcomings.locator('.compare-cell');
  assert.equal(await cells.count(), 2, 'one column per report');
  assert.match(await cells.nth(0).textContent(), /未包含此部分/, '平顶山 2021 has no shortcomings part');
  assert.match(await cells.nth(1).textContent(), /组织保障工作还需进一步严格/);
  assert.deepEqual(await page.locator('input[name=r]').evaluateAll((xs) => xs.map((x) => x.value)), [A, B, '', '']);
  // A paragraph link leads back to the report's paragraph.
  const link = cells.nth(1).locator('a.permalink').first();
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`^\\.\\./reports/${B}\\.html#s3-p\\d+$`));
  await link.click();
  await page.waitForURL((url) => url.href.includes(`${B}.html#s3-p`));
  assert.ok(await page.locator(`[id="${href.split('#')[1]}"]`).isVisible());
  assert.deepEqual(problems, []);
  await page.close();
}

test('compare view from disk shows both reports part by part', async () => {
  await checkCompareView(fileUrl('').replace(/\/?$/, '/'));
});

test('compare view over http shows both reports part by part', async () => {
  await checkCompareView(server.url);
});

test('compare view refuses unknown slugs and asks for two reports', async () => {
  const { page, problems } = await recordingPage(browser);
  await page.goto(`${server.url}compare/reports.html?r=${A}&r=..%2F..%2Fevil`);
  assert.match(await page.locator('#compare-view').textContent(), /找不到这些报告/);
  await page.goto(`${server.url}compare/reports.html?r=${A}`);
  assert.match(await page.locator('#compare-view').textContent(), /请选择二至四份报告/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the matrix sorts and filters in the browser, with the state in the URL', async () => {
  const { page, problems } = await recordingPage(browser);
  await page.goto(`${server.url}compare/matrix.html`);
  const years = () => page.locator('table.matrix tbody tr td:nth-of-type(1)').allTextContents();
  const header = page.locator('table.matrix thead th').nth(1);
  const sorted = (dir) => page.waitForFunction((d) => document.querySelectorAll('table.matrix thead th')[1].getAttribute('aria-sort') === d, dir);
  const counted = (n) => page.waitForFunction((k) => document.querySelector('.table-count').textContent === `显示 ${k} / 5 份`, n);
  await header.locator('button.sort').click();
  await sorted('ascending');
  assert.deepEqual(await years(), ['2021', '2022', '2022', '2022', '2022']);
  await header.locator('button.sort').click();
  await sorted('descending');
  assert.equal((await years())[4], '2021', 'second click sorts descending');
  await page.locator('select[name=year]').selectOption('2021');
  await counted(1);
  assert.deepEqual(await years(), ['2021']);
  assert.match(page.url(), /[?&]year=2021/);
  await page.locator('select[name=year]').selectOption('');
  await page.locator('select[name=region]').selectOption('河南省');
  await counted(2);
  assert.deepEqual((await years()).sort(), ['2021', '2022'], '平顶山 and 济源 are in 河南省');
  // Back goes to the view before, from the URL.
  await page.goBack();
  await counted(5);
  assert.deepEqual(problems, []);
  await page.close();
});
