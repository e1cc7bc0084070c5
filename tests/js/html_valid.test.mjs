// Every generated page passes the W3C Nu HTML Checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SITE, listFiles } from './lib/site.mjs';

const require = createRequire(import.meta.url);

test('every page is valid HTML (W3C Nu checker)', () => {
  const pages = listFiles().filter((f) => f.endsWith('.html'));
  assert.ok(pages.length >= 6, `expected the bundled site in ${SITE}, found ${pages.length} pages`);
  const jar = require('vnu-jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'text', ...pages.map((p) => join(SITE, p))], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `could not run java: ${run.error}`);
  assert.equal(run.status, 0, `the Nu checker found errors:\n${run.stdout}${run.stderr}`);
});
