// Hostile reports in headless Chromium: the reports of tests/injection/
// (script tags, attribute breakouts, javascript: links, template syntax in
// the title, issuer, headings, text, cited titles, figures, front matter and
// file name) are built beside the bundled ones, and every page of that site,
// the compare view, the matrix, and the search (over http and from disk) are
// loaded. No payload may run: no dialog, no alert() call, no request to the
// payloads' `x`, no element or event handler attribute a template did not
// write, no CSP violation; and the payloads are shown as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFiles, serve, launch, recordingPage } from './lib/site.mjs';

/** Same name as in tests/injection.rs: the file name is a payload too. */
const HOSTILE_NAME = `"><img src=x onerror=alert(40)>{{7*7}}'&amp;.txt`;
const TXT_SLUG = 'script-alert-6-script';
const MD_SLUG = 'injection';

let browser;
let server;
let site;

function baogao() {
  if (process.env.BAOGAO_BIN) return process.env.BAOGAO_BIN;
  return existsSync('target/release/baogao') ? 'target/release/baogao' : 'target/debug/baogao';
}

function buildHostileSite() {
  const dir = mkdtempSync(join(tmpdir(), 'baogao-injection-'));
  const content = join(dir, 'content');
  mkdirSync(content);
  for (const name of readdirSync('content')) copyFileSync(join('content', name), join(content, name));
  for (const name of ['injection.txt', 'injection.md']) copyFileSync(join('tests/injection', name), join(content, name));
  copyFileSync('tests/injection/named.txt', join(content, HOSTILE_NAME));
  const out = join(dir, 'public');
  execFileSync(baogao(), ['build', '--content', content, '--output', out, '--base-url', 'https://example.org/报告/'], { stdio: 'pipe' });
  return out;
}

/** A front-matter value of a fixture, as written (a double-quoted string). */
function frontMatter(file, key) {
  const text = readFileSync(join('tests/injection', file), 'utf8');
  const line = text.split('\n').find((l) => l.startsWith(`${key} = `) || l.startsWith(`${key}: `));
  return JSON.parse(line.startsWith(`${key} = `) ? line.slice(key.length + 3) : line.slice(key.length + 2));
}

before(async () => {
  site = buildHostileSite();
  browser = await launch();
  server = await serve(site);
});
after(async () => {
  server?.close();
  await browser?.close();
});

/**
 * A page that also records calls of alert/confirm/prompt and requests to
 * the payloads' targets (`src=x`, `javascript:`).
 */
async function watchedPage() {
  const { page, problems } = await recordingPage(browser);
  await page.addInitScript(() => {
    for (const name of ['alert', 'confirm', 'prompt']) {
      window[name] = (...args) => { window.__pwned = `${name}(${args.join(',')})`; };
    }
  });
  page.on('request', (r) => {
    const url = r.url();
    if (/\/x([?#].*)?$/.test(url) || /^javascript:/i.test(url)) problems.push(`request: ${url}`);
  });
  return { page, problems };
}

/** Elements, attributes and links in the live DOM that no template writes. */
async function injected(page) {
  return page.evaluate(() => {
    const bad = [];
    if (window.__pwned) bad.push(`ran: ${window.__pwned}`);
    for (const el of document.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['img', 'iframe', 'object', 'embed', 'frame', 'base', 'style'].includes(tag)) bad.push(`<${tag}>`);
      if (tag === 'script' && !el.getAttribute('src')) bad.push('inline <script>');
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) || ['srcdoc', 'autofocus', 'formaction'].includes(a.name)) bad.push(`<${tag} ${a.name}>`);
        if (['href', 'src', 'action', 'xlink:href'].includes(a.name) && /^\s*(javascript|vbscript|data):/i.test(a.value)) {
          bad.push(`<${tag} ${a.name}=${a.value}>`);
        }
      }
    }
    return bad;
  });
}

test('the CSP recorder sees an inline script it forbids', async () => {
  // The same policy as every page, on a page with an inline script and an
  // inline handler: proves that the other tests would see a violation.
  const html = readFileSync(join(site, 'index.html'), 'utf8')
    .replace('</main>', '<script>alert(1)</script><p onclick="alert(2)">x</p></main>');
  writeFileSync(join(site, 'csp-probe.html'), html);
  const { page, problems } = await watchedPage();
  await page.goto(`${server.url}csp-probe.html`);
  await page.waitForLoadState('load');
  // The event's console message comes over the DevTools protocol after
  // Chromium's own: on a busy machine, after the load event.
  const seen = () => problems.some((p) => p.includes('securitypolicyviolation'));
  for (let waited = 0; !seen() && waited < 5000; waited += 50) await page.waitForTimeout(50);
  assert.ok(seen(), `recorded: ${problems}`);
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, 'the inline script did not run');
  await page.close();
});

test('no payload runs or becomes markup on any page of the hostile site', async () => {
  // 404.html takes its style sheet from the base URL (it is served at any
  // path), which is not this server: site_browser.test.mjs loads it from a
  // site without a base URL.
  const pages = listFiles(site).filter((f) => f.endsWith('.html') && !['csp-probe.html', '404.html'].includes(f));
  assert.ok(pages.length > 80, `${pages.length} pages`);
  const { page, problems } = await watchedPage();
  for (const rel of pages) {
    await page.goto(server.url + rel.split('/').map(encodeURIComponent).join('/'));
    await page.waitForLoadState('load');
    const bad = await injected(page);
    assert.deepEqual([...problems, ...bad], [], `on ${rel}`);
  }
  await page.close();
});

test('the payloads are shown as text on the report page', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${server.url}reports/${TXT_SLUG}.html`);
  assert.equal((await page.locator('h1').textContent()).trim(), frontMatter('injection.txt', 'title'));
  const text = await page.locator('main').textContent();
  for (const shown of [
    frontMatter('injection.txt', 'issuer'),
    '<script>alert(7)</script>主要举措和成效',
    '"><img src=x onerror=alert(9)>',
    '《<script>alert(10)</script>条例》',
    '<a href="javascript:alert(13)">链接</a>',
  ]) {
    assert.ok(text.includes(shown), `${shown} is shown`);
  }
  assert.equal(await page.locator('a[href*="alert(5)"]').count(), 0, 'a javascript: source_url is no link');
  assert.deepEqual([...problems, ...(await injected(page))], []);
  await page.close();
});

test('the compare view and the matrix keep hostile titles as text', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${server.url}compare/reports.html?r=${TXT_SLUG}&r=${MD_SLUG}`);
  await page.locator('.compare-part').first().waitFor();
  const titles = await page.locator('.compare-head h2').allTextContents();
  assert.ok(titles[0].includes(frontMatter('injection.txt', 'title')), titles[0]);
  assert.ok(titles[1].includes(frontMatter('injection.md', 'title')), titles[1]);
  assert.deepEqual([...problems, ...(await injected(page))], []);
  await page.goto(`${server.url}compare/reports.html?r=${encodeURIComponent('"><img src=x onerror=alert(60)>')}&r=${TXT_SLUG}`);
  assert.match(await page.locator('#compare-view').textContent(), /找不到这些报告/);
  await page.goto(`${server.url}compare/matrix.html`);
  await page.locator('table.matrix thead th').nth(1).locator('button.sort').click();
  await page.locator('select[name=year]').selectOption('2022');
  await page.waitForFunction(() => /显示/.test(document.querySelector('.table-count').textContent));
  assert.deepEqual([...problems, ...(await injected(page))], []);
  await page.close();
});

async function searchFor(base, query) {
  const { page, problems } = await watchedPage();
  await page.goto(`${base}search.html?q=${encodeURIComponent(query)}`);
  await page.waitForFunction(() => {
    const status = document.getElementById('search-status').textContent;
    return status !== '' && !/正在检索/.test(status);
  });
  return { page, problems };
}

for (const [how, base] of [['over http', () => server.url], ['from disk', () => pathToFileURL(site).href + '/']]) {
  test(`search ${how}: hostile text in results and in the query stays text`, async () => {
    const { page, problems } = await searchFor(base(), '<script>alert(7)');
    await page.locator('.search-hit').first().waitFor();
    const hits = await page.locator('.search-results').textContent();
    assert.ok(hits.includes('<script>alert(7)</script>主要举措和成效'), hits);
    assert.ok((await page.locator('.search-report h2').allTextContents()).some((t) => t.includes(frontMatter('injection.txt', 'title'))));
    assert.deepEqual([...problems, ...(await injected(page))], []);
    await page.close();
    for (const query of ['"><img src=x onerror=alert(62)>', '</script><script>alert(63)</script>', 'javascript:alert(12)']) {
      const { page, problems } = await searchFor(base(), query);
      assert.equal(await page.inputValue('#search-q'), query, 'the query is kept as typed');
      assert.deepEqual([...problems, ...(await injected(page))], [], query);
      await page.close();
    }
  });
}

test('the feed and the sitemap are well-formed XML with the titles as text', async () => {
  const { page, problems } = await watchedPage();
  await page.goto(`${server.url}index.html`);
  const { feedTitles, sitemapErrors, feedErrors } = await page.evaluate(async () => {
    const parse = async (path) => new DOMParser().parseFromString(await (await fetch(path)).text(), 'application/xml');
    const feed = await parse('feed.xml');
    const sitemap = await parse('sitemap.xml');
    return {
      feedTitles: [...feed.querySelectorAll('entry > title')].map((t) => t.textContent),
      feedErrors: feed.querySelectorAll('parsererror').length,
      sitemapErrors: sitemap.querySelectorAll('parsererror').length,
    };
  });
  assert.equal(feedErrors, 0);
  assert.equal(sitemapErrors, 0);
  assert.ok(feedTitles.includes(frontMatter('injection.txt', 'title')), feedTitles.join('\n'));
  assert.ok(feedTitles.includes(frontMatter('injection.md', 'title')));
  assert.deepEqual(problems, []);
  await page.close();
});
