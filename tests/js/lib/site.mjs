// Shared helpers for the browser-side tests: where the built site is, its
// files, a static server on loopback, and headless Chromium.
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve, extname, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SITE = resolve(process.env.BAOGAO_SITE ?? 'public');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The generated archive of 1,000 reports (scripts/test.sh builds it), or null. */
export const ARCHIVE = process.env.BAOGAO_ARCHIVE_SITE ? resolve(process.env.BAOGAO_ARCHIVE_SITE) : null;
/** Why the tests of that archive are skipped without it. */
export const ARCHIVE_SKIP = ARCHIVE ? false : 'BAOGAO_ARCHIVE_SITE is not set (scripts/test.sh sets it)';

/** Every file under `dir`, relative paths with `/`, sorted. */
export function listFiles(dir = SITE, prefix = '') {
  const out = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

export function fileUrl(rel) {
  return pathToFileURL(join(SITE, rel)).href;
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
};

/** Serves the site on 127.0.0.1 at a free port; resolves to { url, close }. */
export function serve(root = SITE) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = resolve(root, '.' + path);
    if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () => {
      ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() });
    });
  });
}

/** Launches headless Chromium; fails with a clear message if it is missing. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package "chromium" (scripts/test.sh does)`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--allow-file-access-from-files',
    ],
  });
}

/**
 * Opens a page that records console errors, page errors, dialogs and CSP
 * violations: Chromium logs those as console errors, and every
 * `securitypolicyviolation` event is logged as one too, so that none goes
 * unseen.
 */
export async function recordingPage(browser) {
  const page = await browser.newPage();
  const problems = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  return { page, problems };
}
