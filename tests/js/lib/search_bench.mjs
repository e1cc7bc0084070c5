// Search benchmark over a built site (scripts/bench-search.sh): the index
// size, and for each query of a set, what a cold query downloads (index
// data: manifest, shards, long postings; then the shown reports' text), the
// sequential fetch rounds (every file answers after LATENCY ms), and the
// time of the query once everything is loaded, in Node and in Chromium.
// `node search_bench.mjs SITE`.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { loader } from './search_files.mjs';

const require = createRequire(import.meta.url);
const core = require('../../../static/search-core.js');
const site = process.argv[2];
const dir = join(site, 'search');
const LATENCY = 250;
export const QUERIES = ['法治政府', '行政复议', '律顾', '纠纷化解', '2022年', '法', '营商环境', '公平竞争审查',
  '示范区', '安全生产', '一村一法律顾问', '规范性文件', '12345', '放管服', '行政执法 监督', '湾区',
  '法治政府建设', '重大行政决策', '治', '政复', '依法行政', '普法', '矛盾纠纷多元化解', '合法性审查',
  '2021年', '谁执法谁普法', '行政诉讼', '第一责任人', '复议', '执法'];

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
}
const files = walk(dir);
const total = (pred) => files.filter(pred).reduce((s, f) => s + statSync(f).size, 0);
const isIndex = (f) => !f.includes('/r/');
const manifest = core.parseScript('manifest', readFileSync(join(dir, 'manifest.js'), 'utf8'));
const reports = manifest.reports;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const mb = (n) => (n / 1048576).toFixed(1) + ' MB';
const indexJs = total((f) => isIndex(f) && f.endsWith('.js'));
// Gzip sizes are computed here: the site need not have its .js.gz copies.
const indexGz = files.filter((f) => isIndex(f) && f.endsWith('.js'))
  .reduce((s, f) => s + gzipSync(readFileSync(f)).length, 0);
const texts = total((f) => !isIndex(f));
console.log(`reports ${reports}, shards ${manifest.shards}, files ${files.length}`);
console.log(`index (manifest, shards, postings): ${mb(indexJs)}, ${mb(indexGz)} gzip; per report ${kb(indexJs / reports)}, ${kb(indexGz / reports)} gzip`);
console.log(`report texts for snippets: ${mb(texts)}; per report ${kb(texts / reports)}`);

const size = (name, ext) => statSync(join(dir, name + ext)).size;
const gzSize = (name) => gzipSync(readFileSync(join(dir, name + '.js'))).length;
const rows = [];
for (const q of QUERIES) {
  const loaded = [];
  const read = loader(site, (name) => loaded.push(name));
  // A file's round: one more than the latest round finished when it was
  // asked for (what was asked before any answer came is one round).
  let finished = 0;
  let rounds = 0;
  const slow = (name) => {
    const round = finished + 1;
    rounds = Math.max(rounds, round);
    return new Promise((resolve) => setTimeout(() => {
      finished = Math.max(finished, round);
      resolve(read(name));
    }, LATENCY));
  };
  const engine = new core.Engine(slow, manifest.shards);
  const result = await engine.query(q, {}, 20, 5);
  const index = loaded.filter((n) => !n.startsWith('r/'));
  const text = loaded.filter((n) => n.startsWith('r/'));
  const sum = (names, f) => names.reduce((s, n) => s + f(n), 0);
  engine.load = read;
  const times = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await engine.query(q, {}, 20, 5);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({
    q, rounds, files: loaded.length, shown: result.groups.length, candidates: result.candidates,
    indexGz: sum(index, gzSize), indexJs: sum(index, (n) => size(n, '.js')),
    textGz: sum(text, gzSize), textJs: sum(text, (n) => size(n, '.js')), ms: times[3],
  });
}
for (const r of rows) {
  console.log(`${r.q.padEnd(10, '　')} rounds ${r.rounds}  files ${String(r.files).padStart(3)}  reports ${String(r.shown).padStart(2)} of ${String(r.candidates).padStart(5)}  index ${kb(r.indexGz).padStart(9)} gz / ${kb(r.indexJs).padStart(9)}  text ${kb(r.textGz).padStart(9)} gz / ${kb(r.textJs).padStart(9)}  loaded ${r.ms.toFixed(2)} ms`);
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const max = (xs) => Math.max(...xs);
for (const [label, key] of [['index data gzip', 'indexGz'], ['index data uncompressed', 'indexJs'], ['report text gzip', 'textGz'], ['report text uncompressed', 'textJs']]) {
  console.log(`cold query, ${label}: median ${kb(med(rows.map((r) => r[key])))}, worst ${kb(max(rows.map((r) => r[key])))}`);
}
console.log(`sequential fetch rounds: median ${med(rows.map((r) => r.rounds))}, worst ${max(rows.map((r) => r.rounds))}`);
console.log(`query time once loaded (Node ${process.version}): median ${med(rows.map((r) => r.ms)).toFixed(2)} ms, worst ${max(rows.map((r) => r.ms)).toFixed(2)} ms`);

// The same queries in headless Chromium, once their files are loaded: the
// page's own core (search.html loads it), fetching over loopback.
const { serve, launch } = await import('./site.mjs');
const server = await serve(resolve(site));
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}search.html`);
  const chromium = await page.evaluate(async (queries) => {
    const engine = new BaogaoSearch.Engine((name) => fetch(`search/${name}.js`)
      .then((r) => r.text()).then((t) => BaogaoSearch.parseScript(name, t)));
    const out = [];
    for (const q of queries) {
      await engine.query(q, {}, 20, 5);
      const times = [];
      for (let i = 0; i < 7; i++) {
        const t = performance.now();
        await engine.query(q, {}, 20, 5);
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      out.push(times[3]);
    }
    return out;
  }, QUERIES);
  console.log(`query time once loaded (Chromium ${browser.version()}): median ${med(chromium).toFixed(2)} ms, worst ${max(chromium).toFixed(2)} ms (${QUERIES[chromium.indexOf(max(chromium))]})`);
} finally {
  await browser.close();
  server.close();
}
