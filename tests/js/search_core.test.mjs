// Unit tests of the search query logic (static/search-core.js) with Node's
// test runner, over small hand-made postings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S = require('../../static/search-core.js');

/**
 * A hand-made index of documents: [{r, d, text, mask?}] → postingsOf(term)
 * built the way src/index/mod.rs builds it (pairs and characters with
 * positions; no words).
 */
function indexOf(docs) {
  const terms = new Map();
  for (const doc of docs) {
    const chars = S.fold(doc.text);
    const add = (term, pos) => {
      if (!terms.has(term)) terms.set(term, new Map());
      const key = `${doc.r}:${doc.d}`;
      const m = terms.get(term);
      if (!m.has(key)) m.set(key, { r: doc.r, d: doc.d, len: chars.length, mask: doc.mask ?? 0, positions: [] });
      m.get(key).positions.push(pos);
    };
    chars.forEach((c, i) => {
      add(c, i);
      if (i + 1 < chars.length) add(c + chars[i + 1], i);
    });
  }
  return (t) => terms.get(t) ?? new Map();
}

const manifest = {
  shards: 4,
  docs: 4,
  avg_len: 10,
  facets: [
    { key: 'year', label: '年度', values: ['2022', '2021'] },
    { key: 'part', label: '法定部分', values: ['举措', '不足'], bit: 1 },
  ],
  reports: [['a', '甲', [0]], ['b', '乙', [1]]],
};

test('fold lower-cases ASCII letters only, one code point for one', () => {
  assert.deepEqual(S.fold('App法𠀀'), ['a', 'p', 'p', '法', '𠀀']);
});

test('a query is phrases split on spaces, quotes dropped', () => {
  assert.deepEqual(S.parseQuery(' “行政复议”  调解 '), [['行', '政', '复', '议'], ['调', '解']]);
  assert.deepEqual(S.parseQuery(''), []);
});

test('a phrase needs its pairs, a single character itself, plus the whole word', () => {
  assert.deepEqual(S.pairsOf(['法']), ['法']);
  assert.deepEqual(S.pairsOf(['律', '顾', '问']), ['律顾', '顾问']);
  assert.deepEqual(S.queryTerms(S.parseQuery('律顾问 法')), ['律顾', '顾问', '~律顾问', '法']);
});

test('shardOf is FNV-1a over UTF-8, the same as index::shard_of', () => {
  assert.equal(S.shardOf('a', 0xffffffff), 0xe40c292c % 0xffffffff);
  assert.equal(S.shardOf('', 7), 0x811c9dc5 % 7);
  // Multi-byte characters hash their UTF-8 bytes, not UTF-16 units.
  assert.notEqual(S.shardOf('法治', 1 << 30), S.shardOf('法', 1 << 30));
  assert.deepEqual(S.shardsFor(['a', 'a', ''], 7), [S.shardOf('', 7), S.shardOf('a', 7)].sort((x, y) => x - y));
});

test('decodePostings reads report deltas and position deltas', () => {
  // report 2: doc 0 (len 9, mask 1, positions 3, 5); report 5: doc 4 (len 2, mask 0, position 0)
  const m = S.decodePostings([2, 1, 0, 9, 1, 2, 3, 2, 3, 1, 4, 2, 0, 1, 0]);
  assert.deepEqual([...m.keys()], ['2:0', '5:4']);
  assert.deepEqual(m.get('2:0'), { r: 2, d: 0, len: 9, mask: 1, positions: [3, 5] });
  assert.deepEqual(m.get('5:4').positions, [0]);
  assert.equal(S.decodePostings(undefined).size, 0);
});

test('a phrase matches only where its pairs follow each other', () => {
  const postingsOf = indexOf([
    { r: 0, d: 0, text: '法律顾问制度' },
    { r: 0, d: 1, text: '律师顾问，法律' }, // 律顾 nowhere in order
    { r: 1, d: 0, text: '顾问律顾律顾' },
  ]);
  const m = S.matchPhrase(S.fold('律顾'), postingsOf);
  assert.deepEqual([...m.keys()], ['0:0', '1:0']);
  assert.deepEqual(m.get('1:0').starts, [2, 4]);
  assert.equal(S.matchPhrase(S.fold('律顾问'), postingsOf).size, 1);
  assert.equal(S.matchPhrase(S.fold('湾区'), postingsOf).size, 0);
});

test('filters: values of one facet are alternatives, facets must all hold', () => {
  const hit = { r: 1, d: 0, mask: 0b100 }; // report b (2021), part 不足 (bit 1 + 1)
  assert.ok(S.passes(manifest, hit, {}));
  assert.ok(S.passes(manifest, hit, { year: [1] }));
  assert.ok(!S.passes(manifest, hit, { year: [0] }));
  assert.ok(S.passes(manifest, hit, { year: [0, 1], part: [1] }));
  assert.ok(!S.passes(manifest, hit, { part: [0] }));
});

test('rank: every phrase must occur; headings and more matches rank higher; grouped by report', () => {
  const postingsOf = indexOf([
    { r: 0, d: 1, text: '依法行政的一段很长很长很长的正文，依法' },
    { r: 0, d: 2, text: '依法行政依法行政' },
    { r: 1, d: 0, text: '依法行政', mask: 1 },
    { r: 1, d: 3, text: '行政依', mask: 1 },
  ]);
  const ranked = S.rank(manifest, S.parseQuery('依法行政'), postingsOf, {});
  assert.equal(ranked.total, 3);
  assert.deepEqual(ranked.groups.map((g) => g.r), [1, 0], 'the heading ranks first');
  assert.deepEqual(ranked.groups[1].hits.map((h) => h.d), [2, 1], 'two matches beat one');
  assert.equal(S.rank(manifest, S.parseQuery('依法 正文'), postingsOf, {}).total, 1);
  assert.equal(S.rank(manifest, [], postingsOf, {}).total, 0);
  assert.equal(S.rank(manifest, S.parseQuery('依法行政'), postingsOf, { year: [1] }).total, 1);
});

test('snippets mark every occurrence and keep report text as plain strings', () => {
  const runs = S.snippet('<script>alert(1)</script>依法治国，依法', [S.fold('依法')], 100);
  assert.deepEqual(runs.filter((r) => r.mark).map((r) => r.text), ['依法', '依法']);
  assert.equal(runs.map((r) => r.text).join(''), '<script>alert(1)</script>依法治国，依法');
  const long = S.snippet('甲'.repeat(100) + 'ABC' + '乙'.repeat(100), [S.fold('abc')], 10);
  assert.equal(long[0].text, '…');
  assert.equal(long.at(-1).text, '…');
  assert.deepEqual(long.filter((r) => r.mark).map((r) => r.text), ['ABC']);
});

test('Engine loads the manifest, then the shards, then the shown reports’ text', async () => {
  const docs = [{ r: 0, d: 0, text: '报告标题' }, { r: 0, d: 1, text: '推进依法行政' }];
  const postingsOf = indexOf(docs);
  const shards = {};
  for (const term of ['依法', '法行', '行政', '依', '~依法行政']) {
    const n = S.shardOf(term, manifest.shards);
    shards[n] = shards[n] ?? {};
    const entries = [...postingsOf(term).values()];
    if (entries.length) {
      shards[n][term] = [0, entries.length, ...entries.flatMap((e) => [e.d, e.len, e.mask, e.positions.length, ...e.positions.map((p, i) => p - (e.positions[i - 1] ?? 0))])];
    }
  }
  const loads = [];
  const engine = new S.Engine((name) => {
    loads.push(name);
    if (name === 'manifest') return manifest;
    if (name.startsWith('s/')) return shards[name.slice(2)] ?? {};
    return [['', '报告标题'], ['s1-p1', '推进依法行政']];
  });
  const result = await engine.query('依法行政', {}, 10);
  assert.equal(result.total, 1);
  assert.deepEqual(result.groups[0].hits.map((h) => h.url), ['reports/a.html#s1-p1']);
  assert.equal(loads[0], 'manifest');
  assert.equal(loads.at(-1), 'r/0');
  const before = loads.length;
  await engine.query('依法行政', {}, 10);
  assert.equal(loads.length, before, 'files are loaded once');
});
