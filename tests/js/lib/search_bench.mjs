// Search benchmark over a built site: for each query, the files a cold query
// loads (manifest, its shards, the shown reports' text), their bytes as
// JSON and gzip, the sequential fetch rounds, and the query time once
// everything is loaded (V8, as in Chromium). `node search_bench.mjs SITE`.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../../../static/search-core.js');
const site = process.argv[2];
const dir = join(site, 'search');
const QUERIES = ['法治政府', '行政复议', '律顾', '纠纷化解', '2022年', '法', '营商环境', '公平竞争审查',
  '示范区', '安全生产', '一村一法律顾问', '规范性文件', '12345', '放管服', '行政执法 监督', '湾区'];

function sizeOf(name, ext) { return statSync(join(dir, name + ext)).size; }

function walk(d) {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]);
}
const files = walk(dir);
const total = (ext) => files.filter((f) => f.endsWith(ext)).reduce((s, f) => s + statSync(f).size, 0);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const reports = manifest.reports.length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`reports ${reports}, shards ${manifest.shards}, documents ${manifest.docs}`);
console.log(`index total: ${(total('.json') / 1048576).toFixed(1)} MB JSON, ${(total('.json.gz') / 1048576).toFixed(1)} MB gzip, ${(total('.js') / 1048576).toFixed(1)} MB scripts`);
console.log(`index per report: ${kb(total('.json') / reports)} JSON, ${kb(total('.json.gz') / reports)} gzip`);

const rows = [];
for (const q of QUERIES) {
  const loaded = [];
  const rounds = new Set();
  const engine = new core.Engine(async (name) => {
    loaded.push(name);
    rounds.add(name === 'manifest' ? 1 : name.startsWith('s/') ? 2 : 3);
    return JSON.parse(readFileSync(join(dir, name + '.json'), 'utf8'));
  });
  await engine.query(q, {}, 20);
  const index = loaded.filter((n) => n !== 'manifest' && !n.startsWith('r/'));
  const sum = (names, ext) => names.reduce((s, n) => s + sizeOf(n, ext), 0);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await engine.query(q, {}, 20);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  rows.push({
    q, rounds: rounds.size, files: loaded.length,
    indexGz: sum(index, '.json.gz'), indexJson: sum(index, '.json'),
    allGz: sum(loaded, '.json.gz'), allJson: sum(loaded, '.json'), ms: times[2],
  });
}
for (const r of rows) {
  console.log(`${r.q.padEnd(10, '　')} rounds ${r.rounds} files ${String(r.files).padStart(3)}  shards ${kb(r.indexGz).padStart(9)} gz / ${kb(r.indexJson).padStart(9)}  all ${kb(r.allGz).padStart(9)} gz / ${kb(r.allJson).padStart(9)}  loaded query ${r.ms.toFixed(2)} ms`);
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const max = (xs) => Math.max(...xs);
for (const [label, key] of [['shards gz', 'indexGz'], ['shards json', 'indexJson'], ['all gz (manifest+shards+text)', 'allGz'], ['all json', 'allJson']]) {
  console.log(`cold query ${label}: median ${kb(med(rows.map((r) => r[key])))}, worst ${kb(max(rows.map((r) => r[key])))}`);
}
console.log(`sequential fetch rounds: worst ${max(rows.map((r) => r.rounds))}`);
console.log(`query time once loaded: median ${med(rows.map((r) => r.ms)).toFixed(2)} ms, worst ${max(rows.map((r) => r.ms)).toFixed(2)} ms`);
