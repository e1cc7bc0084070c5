// Unit tests of the search query logic (static/search-core.js) with Node's
// test runner, over small hand-made index files in the format that
// src/index/ writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S = require('../../static/search-core.js');

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Postings [[report, impact]...] as src/index/encode.rs writes them. */
function encode(entries) {
  let out = '';
  let next = 0;
  for (const [r, impact] of entries) {
    let gap = r - next;
    const groups = [];
    do { groups.unshift(gap % 32); gap = Math.floor(gap / 32); } while (gap > 0);
    out += groups.map((g, i) => DIGITS[g + (i < groups.length - 1 ? 32 : 0)]).join('');
    out += DIGITS[impact];
    next = r + 1;
  }
  return out;
}

const manifest = {
  version: 3,
  shards: 4,
  reports: 3,
  k1: 1.2,
  b: 0.75,
  levels: 63,
  facets: [
    { key: 'year', label: '年度', values: ['2022', '2021'] },
    { key: 'part', label: '法定部分', values: ['举措', '不足'], bit: 1 },
  ],
  report_facets: [[0, 1, 0]],
};

test('fold lower-cases ASCII letters only, one code point for one', () => {
  assert.deepEqual(S.fold('App法𠀀'), ['a', 'p', 'p', '法', '𠀀']);
  assert.equal(S.foldText('App法İ'), 'app法İ');
});

test('a query is phrases split on spaces, quotes dropped', () => {
  assert.deepEqual(S.parseQuery(' “行政复议”  调解 '), [['行', '政', '复', '议'], ['调', '解']]);
  assert.deepEqual(S.parseQuery(''), []);
});

test('a phrase is looked up by its pairs (or its one character) and as a whole word', () => {
  assert.deepEqual(S.pairsOf(['法']), ['法']);
  assert.deepEqual(S.pairsOf(['律', '顾', '问']), ['律顾', '顾问']);
  assert.deepEqual(S.queryTerms(S.parseQuery('律顾问 法 律顾')), ['律顾', '顾问', '~律顾问', '法', '~律顾']);
});

test('shardOf is FNV-1a over UTF-8, the same as index::shard_of', () => {
  assert.equal(S.shardOf('a', 0xffffffff), 0xe40c292c % 0xffffffff);
  assert.equal(S.shardOf('', 7), 0x811c9dc5 % 7);
  assert.notEqual(S.shardOf('法治', 1 << 30), S.shardOf('法', 1 << 30));
});

test('decodePostings reads gaps and impacts (the strings pinned in encode.rs)', () => {
  assert.deepEqual(S.decodePostings('AFA_'), { reports: [0, 1], impacts: [5, 63] });
  assert.deepEqual(S.decodePostings('hAB'), { reports: [32], impacts: [1] });
  assert.deepEqual(S.decodePostings('hgggAB'), { reports: [1 << 20], impacts: [1] });
  assert.deepEqual(S.decodePostings(''), { reports: [], impacts: [] });
  const entries = [[3, 7], [40, 1], [41, 63], [5000, 30]];
  const decoded = S.decodePostings(encode(entries));
  assert.deepEqual(decoded.reports, entries.map((e) => e[0]));
  assert.deepEqual(decoded.impacts, entries.map((e) => e[1]));
});

test('chooseTerms: inline pairs, then the rarest long pairs until every character is covered', () => {
  const shard = {
    法律: [900, 0], // long postings, common
    律顾: [12, 'AB'], // inline
    顾问: [500, 1], // long
    问题: [800, 2],
    '~法律顾问': [3, 'AB'],
  };
  const entryOf = (t) => shard[t] ?? null;
  assert.deepEqual(S.chooseTerms(S.fold('法律顾问'), entryOf), ['律顾', '顾问', '法律', '~法律顾问'],
    'inline 律顾, then 顾问 (rarer) for 问, then 法律 for 法, and the inline word');
  assert.deepEqual(S.chooseTerms(S.fold('顾问题'), entryOf), ['顾问', '问题'], 'long pairs, rarest first, both needed');
  assert.equal(S.chooseTerms(S.fold('法律师'), entryOf), null, 'a pair found nowhere: no candidates');
  assert.deepEqual(S.chooseTerms(['法'], (t) => (t === '法' ? [3, 'AB'] : null)), ['法']);
});

test('candidates: every chosen pair must hold; rarer terms and higher impacts rank first; report filters', () => {
  const postings = {
    依法: { df: 3, ...S.decodePostings(encode([[0, 10], [1, 60], [2, 30]])) },
    行政: { df: 2, ...S.decodePostings(encode([[1, 60], [2, 30]])) },
  };
  const chosen = [['依法', '行政']];
  const phrases = [S.fold('依法行政')];
  const ranked = S.candidates(manifest, phrases, chosen, (t) => postings[t], {}, 10);
  assert.deepEqual(ranked.top.map((c) => c.r), [1, 2]);
  assert.equal(ranked.count, 2);
  const one = S.candidates(manifest, phrases, chosen, (t) => postings[t], {}, 1);
  assert.deepEqual([one.count, one.top.map((c) => c.r)], [2, [1]], 'count of all, the best `limit`');
  assert.deepEqual(S.candidates(manifest, phrases, chosen, (t) => postings[t], { year: [0] }, 10).top.map((c) => c.r), [2]);
  assert.deepEqual(S.candidates(manifest, phrases, [null], (t) => postings[t], {}, 10), { count: 0, top: [] });
});

test('matchDocs: Ctrl-F exactness, every phrase in the same document, headings and more matches first, document filters', () => {
  const docs = [
    ['', '报告标题', 1],
    ['p1', '依法行政的一段很长很长很长的正文，依法', 0b10],
    ['p2', '依法 行政依法行政依法行政', 0b100],
    ['s1', '依法行政', 1],
    ['p3', '行政依法', 0],
  ];
  const folded = docs.map((d) => S.foldText(d[1]));
  const hits = (q, filters = {}) => S.matchDocs(manifest, docs, folded, S.parseQuery(q), filters).map((h) => docs[h.d][0]);
  assert.deepEqual(hits('依法行政'), ['s1', 'p2', 'p1'], 'heading, two matches, one');
  assert.deepEqual(hits('依法 正文'), ['p1']);
  assert.deepEqual(hits('依法行政', { part: [0] }), ['p1']);
  assert.deepEqual(hits('湾区'), []);
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

test('parseScript reads the data of a search/<name>.js file and refuses others', () => {
  assert.deepEqual(S.parseScript('s/1', 'BaogaoSearch.register("s/1",{"a":[1,"AB"]});\n'), { a: [1, 'AB'] });
  assert.throws(() => S.parseScript('s/1', 'BaogaoSearch.register("s/2",{});'));
  assert.throws(() => S.parseScript('s/1', '<html>'));
});

/** A hand-made archive: three reports' texts and their index files. */
function archive() {
  const texts = [
    { slug: 'a', title: '甲报告', docs: [['', '甲报告', 1], ['p1', '推进依法行政', 0b10]] },
    { slug: 'b', title: '乙报告', docs: [['', '乙报告', 1], ['p1', '依法行使职权，行政执法', 0]] },
    { slug: 'c', title: '丙报告', docs: [['', '丙报告', 1], ['s1', '依法行政', 1], ['p1', '依法行政依法行政', 0]] },
  ];
  const files = { manifest };
  const put = (term, entry) => {
    const name = 's/' + S.shardOf(term, manifest.shards);
    files[name] = { ...(files[name] ?? {}), [term]: entry };
  };
  // A pack holds the long postings of several of a shard's terms.
  put('依法', [3, 0]);
  files[`p/${S.shardOf('依法', manifest.shards)}-0`] = {
    依法: encode([[0, 20], [1, 20], [2, 40]]),
    依然: encode([[1, 63]]),
  };
  put('法行', [3, encode([[0, 20], [1, 10], [2, 40]])]);
  put('行政', [3, encode([[0, 20], [1, 20], [2, 40]])]);
  texts.forEach((t, i) => { files[`r/${i}`] = t; });
  return files;
}

test('Engine: manifest and shards in one round, long postings in the second, texts in the third', async () => {
  const files = archive();
  const rounds = [];
  let round = 0;
  const engine = new S.Engine(async (name) => {
    rounds.push([name, round]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return files[name] ?? {};
  }, manifest.shards);
  const timer = setInterval(() => { round++; }, 5);
  const result = await engine.query('依法行政', {}, 10, 1);
  clearInterval(timer);
  assert.deepEqual(result.groups.map((g) => g.slug), ['c', 'a'], '乙 has the pairs but not the phrase');
  assert.equal(result.groups[0].count, 2);
  assert.deepEqual(result.groups[0].hits.map((h) => h.url), ['reports/c.html#s1'], 'perReport caps the snippets');
  assert.equal(result.total, 3);
  assert.equal(result.candidates, 3);
  assert.ok(result.exact);
  const first = rounds.filter(([n]) => n === 'manifest' || n.startsWith('s/'));
  const long = rounds.filter(([n]) => n.startsWith('p/'));
  const texts = rounds.filter(([n]) => n.startsWith('r/'));
  assert.ok(first.every(([, r]) => r === first[0][1]), 'manifest and shards together');
  assert.ok(long.length === 1 && long[0][1] > first[0][1], 'long postings after the shards');
  assert.ok(texts.every(([, r]) => r > long[0][1]), 'texts last');
  const before = rounds.length;
  await engine.query('依法行政', {}, 10);
  assert.equal(rounds.length, before, 'files are loaded once');
});

test('Engine: only `limit` candidates are checked; the rest is reported, not guessed', async () => {
  const files = archive();
  const engine = new S.Engine((name) => files[name] ?? {});
  const first = await engine.query('依法', {}, 1);
  assert.equal(first.checked, 1);
  assert.equal(first.candidates, 3);
  assert.ok(!first.exact);
  const all = await engine.query('依法', {}, 5);
  assert.ok(all.exact);
  assert.equal(all.groups.length, 3);
  const none = await engine.query('湾区', {}, 5);
  assert.deepEqual([none.groups.length, none.candidates, none.exact], [0, 0, true]);
});
