// Runs queries through static/search-core.js over a built site's index, the
// way the worker does but reading files: `node search_run.mjs SITE` with a
// JSON array of queries on stdin; prints, per query, every result as
// "slug#anchor". Used by the recall test (tests/search.rs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loader } from './search_files.mjs';

const require = createRequire(import.meta.url);
const core = require('../../../static/search-core.js');
const engine = new core.Engine(loader(process.argv[2]));
const queries = JSON.parse(readFileSync(0, 'utf8'));
const out = [];
for (const q of queries) {
  const result = await engine.query(q, {}, Infinity);
  if (!result.exact) throw new Error(`${q}: not every candidate was checked`);
  out.push(result.groups.flatMap((g) => g.hits.map((h) => `${g.slug}#${h.anchor}`)).sort());
}
process.stdout.write(JSON.stringify(out));
