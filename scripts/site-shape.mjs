// The shape of a built site, as the static hosts and a visitor's browser
// see it: total size, file count, largest file, and the heaviest HTML pages
// by bytes and by element count, each against the limits the project keeps
// (issue "The site keeps its shape at 10,000 reports"). Prints one figure a
// line; with --check, exits 1 when a limit is passed.
//
//   node scripts/site-shape.mjs SITE [--check]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIMITS = {
  siteBytes: 700 * 1024 * 1024,
  files: 40000,
  fileBytes: 10 * 1024 * 1024,
  pageBytes: 512 * 1024,
  pageElements: 3000,
};

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** Start tags in an HTML page: what the browser makes elements of. */
function elements(html) {
  let count = 0;
  const tag = /<[a-zA-Z]/g;
  while (tag.exec(html) !== null) count += 1;
  return count;
}

const site = process.argv[2];
const check = process.argv.includes('--check');
if (!site) {
  console.error('usage: node scripts/site-shape.mjs SITE [--check]');
  process.exit(2);
}
let bytes = 0;
let files = 0;
let largest = { path: '', bytes: 0 };
let heaviest = { path: '', bytes: 0 };
let busiest = { path: '', elements: 0 };
const over = [];
for (const path of walk(site)) {
  const size = statSync(path).size;
  const rel = relative(site, path);
  bytes += size;
  files += 1;
  if (size > largest.bytes) largest = { path: rel, bytes: size };
  if (size > LIMITS.fileBytes) over.push(`${rel}: ${size} bytes, over 10 MiB`);
  if (!path.endsWith('.html')) continue;
  const count = elements(readFileSync(path, 'utf8'));
  if (size > heaviest.bytes) heaviest = { path: rel, bytes: size };
  if (count > busiest.elements) busiest = { path: rel, elements: count };
  if (size > LIMITS.pageBytes) over.push(`${rel}: ${size} bytes, over 512 KiB`);
  if (count > LIMITS.pageElements) over.push(`${rel}: ${count} elements, over 3,000`);
}
const mib = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`site           ${mib(bytes)} MiB in ${files} files (limits: 700 MiB, 40,000 files)`);
console.log(`largest file   ${largest.path}: ${mib(largest.bytes)} MiB (limit: 10 MiB)`);
console.log(`heaviest page  ${heaviest.path}: ${(heaviest.bytes / 1024).toFixed(0)} KiB (limit: 512 KiB)`);
console.log(`most elements  ${busiest.path}: ${busiest.elements} (limit: 3,000)`);
if (bytes > LIMITS.siteBytes) over.push('the site is over 700 MiB');
if (files > LIMITS.files) over.push('the site has over 40,000 files');
console.log(`over a limit   ${over.length}`);
for (const line of over.slice(0, 20)) console.log(`  ${line}`);
if (over.length > 20) console.log(`  … and ${over.length - 20} more`);
if (check && over.length > 0) process.exit(1);
