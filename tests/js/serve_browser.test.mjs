// `baogao serve` in headless Chromium: an open page reloads itself after a
// report is edited, shows a failed rebuild over the last good site, and
// reloads again once the error is fixed; no CSP violation or script error
// on the way (the reload script is a file, not inline).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { launch, recordingPage } from './lib/site.mjs';

// scripts/test.sh builds the release binary before the browser tests.
const BIN = resolve(process.env.BAOGAO_BIN ?? 'target/release/baogao');
// Generous: a rebuild on a slow, shared machine; nothing here measures speed.
const PATIENCE = 120_000;

let browser;
let server;
let dir;
let url;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baogao-serve-'));
  mkdirSync(join(dir, 'content'));
  copyFileSync('content/2022-jiyuan-jingkaiqu.txt', join(dir, 'content/r.txt'));
  server = spawn(BIN, ['serve', '--port', '0', '--content', 'content', '--output', 'public'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  url = await new Promise((ok, fail) => {
    server.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = line.match(/ at (http:\/\/127\.0\.0\.1:\d+\/)$/);
      if (m) ok(m[1]);
    });
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an open page reloads after an edit and shows a failed rebuild over the old site', async () => {
  const { page, problems } = await recordingPage(browser);
  const connected = page.waitForResponse((r) => r.url().endsWith('/__baogao/events'));
  await page.goto(url + 'reports/r.html');
  await connected;
  assert.match(await page.locator('main').textContent(), /雪亮工程/);

  const file = join(dir, 'content/r.txt');
  let reloaded = page.waitForEvent('load', { timeout: PATIENCE });
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('雪亮工程', '天网工程'));
  await reloaded;
  const text = await page.locator('main').textContent();
  assert.match(text, /天网工程/);
  assert.doesNotMatch(text, /雪亮工程/);

  writeFileSync(join(dir, 'content/bad.txt'), '+++\nyear = "二〇二二"\n+++\n正文\n');
  const overlay = page.locator('.baogao-overlay');
  await overlay.waitFor({ timeout: PATIENCE });
  const shown = await overlay.textContent();
  assert.match(shown, /content\/bad\.txt:2:8/);
  assert.match(shown, /malformed front matter/);
  assert.equal(
    await overlay.evaluate((el) => getComputedStyle(el).position),
    'fixed',
    'the overlay stylesheet loads under the CSP',
  );
  assert.match(await page.locator('main').textContent(), /天网工程/, 'the last good page stays below');

  reloaded = page.waitForEvent('load', { timeout: PATIENCE });
  rmSync(join(dir, 'content/bad.txt'));
  await reloaded;
  assert.equal(await overlay.count(), 0, 'fixed: the page reloads without the overlay');
  await page.close();
  assert.deepEqual(problems, []);
});
