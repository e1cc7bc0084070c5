/* Search query logic, shared by the Web Worker (search-worker.js), the page
 * (search.js, on the main thread when opened from disk) and the Node tests.
 * Pure: no DOM. Mirrors the index written by src/index/mod.rs:
 * - terms: single characters, pairs of adjacent characters, "~" + jieba word;
 * - a term's shard: FNV-1a of its UTF-8 bytes modulo the shard count;
 * - postings: flat integers [report delta, doc count,
 *   (doc, length, mask, position count, first position, deltas...)...]...
 */
(function (root) {
  'use strict';

  var WORD_PREFIX = '~';
  var HEADING_BIT = 0;
  // BM25 parameters (the usual ones) and the boosts of the issue: a match in
  // a title or heading, a query that is one of jieba's words in the document.
  var K1 = 1.2;
  var B = 0.75;
  var HEADING_BOOST = 2;
  var WORD_BOOST = 1.5;
  // Characters of context each side of the first match in a snippet.
  var SNIPPET_CONTEXT = 40;

  /** Code points of text, ASCII letters lower-cased (as index::fold). */
  function fold(text) {
    return Array.from(text, function (c) {
      return c.length === 1 && c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    });
  }

  /** The phrases of a query: runs of non-space characters, quotes dropped. */
  function parseQuery(query) {
    var cleaned = String(query || '').replace(/["“”「」『』]/g, ' ');
    return cleaned.split(/\s+/).filter(Boolean).map(fold);
  }

  /** The index terms a phrase needs: itself if one character, else its pairs. */
  function pairsOf(phrase) {
    if (phrase.length === 1) return [phrase[0]];
    var pairs = [];
    for (var i = 0; i + 1 < phrase.length; i++) pairs.push(phrase[i] + phrase[i + 1]);
    return pairs;
  }

  /** Every term a query looks up: pairs (or characters) and whole words. */
  function queryTerms(phrases) {
    var seen = {};
    var out = [];
    phrases.forEach(function (phrase) {
      var terms = pairsOf(phrase);
      if (phrase.length > 1) terms.push(WORD_PREFIX + phrase.join(''));
      terms.forEach(function (t) {
        if (!seen[t]) { seen[t] = true; out.push(t); }
      });
    });
    return out;
  }

  function utf8(text) {
    if (typeof TextEncoder !== 'undefined') return new TextEncoder().encode(text);
    return Buffer.from(text, 'utf8');
  }

  /** FNV-1a (32 bits) of the term's UTF-8 bytes modulo shards (index::shard_of). */
  function shardOf(term, shards) {
    var hash = 0x811c9dc5;
    var bytes = utf8(term);
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  /** The shards a query needs, sorted. */
  function shardsFor(terms, shards) {
    var set = {};
    terms.forEach(function (t) { set[shardOf(t, shards)] = true; });
    return Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
  }

  /** Postings of one term: key "report:doc" → {r, d, len, mask, positions}. */
  function decodePostings(flat) {
    var docs = new Map();
    var i = 0;
    var r = 0;
    while (i < (flat ? flat.length : 0)) {
      r += flat[i++];
      var count = flat[i++];
      for (var k = 0; k < count; k++) {
        var d = flat[i++];
        var len = flat[i++];
        var mask = flat[i++];
        var n = flat[i++];
        var positions = new Array(n);
        var p = 0;
        for (var j = 0; j < n; j++) { p += flat[i++]; positions[j] = p; }
        docs.set(r + ':' + d, { r: r, d: d, len: len, mask: mask, positions: positions });
      }
    }
    return docs;
  }

  /**
   * Where a phrase occurs: key → {r, d, len, mask, starts}. Its pairs must
   * follow each other: pair i at start + i for every i.
   */
  function matchPhrase(phrase, postingsOf) {
    var terms = pairsOf(phrase);
    var lists = terms.map(postingsOf);
    var out = new Map();
    if (lists.some(function (l) { return l.size === 0; })) return out;
    var shortest = lists.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    shortest.forEach(function (_, key) {
      var entries = lists.map(function (l) { return l.get(key); });
      if (entries.some(function (e) { return !e; })) return;
      var sets = entries.map(function (e) { return new Set(e.positions); });
      var starts = entries[0].positions.filter(function (p) {
        for (var i = 1; i < sets.length; i++) if (!sets[i].has(p + i)) return false;
        return true;
      });
      if (starts.length) {
        var e = entries[0];
        out.set(key, { r: e.r, d: e.d, len: e.len, mask: e.mask, starts: starts });
      }
    });
    return out;
  }

  function hasBit(mask, bit) {
    return Math.floor(mask / Math.pow(2, bit)) % 2 === 1;
  }

  /**
   * Whether a document passes the filters: {facetKey: [value index...]}.
   * Values of one facet are alternatives; facets must all hold. Report
   * facets come from the manifest, document facets from the mask.
   */
  function passes(manifest, hit, filters) {
    var reportFacet = 0;
    for (var f = 0; f < manifest.facets.length; f++) {
      var facet = manifest.facets[f];
      var chosen = (filters && filters[facet.key]) || [];
      var isDocFacet = typeof facet.bit === 'number';
      var own = isDocFacet ? -1 : manifest.reports[hit.r][2][reportFacet++];
      if (!chosen.length) continue;
      var ok = chosen.some(function (v) {
        return isDocFacet ? hasBit(hit.mask, facet.bit + v) : own === v;
      });
      if (!ok) return false;
    }
    return true;
  }

  function bm25(tf, len, avgLen, idf) {
    var norm = 1 - B + B * (avgLen ? len / avgLen : 1);
    return idf * (tf * (K1 + 1)) / (tf + K1 * norm);
  }

  /**
   * Runs a query over loaded postings. postingsOf(term) → Map from
   * decodePostings. Returns {total, groups: [{r, score, hits: [{r, d,
   * score}]}]}: documents containing every phrase, grouped by report, best
   * first (ties in archive order, so results are stable).
   */
  function rank(manifest, phrases, postingsOf, filters) {
    if (!phrases.length) return { total: 0, groups: [] };
    var perPhrase = phrases.map(function (p) { return matchPhrase(p, postingsOf); });
    var words = phrases.map(function (p) {
      return p.length > 1 ? postingsOf(WORD_PREFIX + p.join('')) : new Map();
    });
    var hits = [];
    perPhrase[0].forEach(function (first, key) {
      if (!perPhrase.every(function (m) { return m.has(key); })) return;
      if (!passes(manifest, first, filters)) return;
      var score = 0;
      perPhrase.forEach(function (m, i) {
        var df = m.size;
        var idf = Math.log(1 + (manifest.docs - df + 0.5) / (df + 0.5));
        score += bm25(m.get(key).starts.length, first.len, manifest.avg_len, idf)
          * (words[i].has(key) ? WORD_BOOST : 1);
      });
      if (hasBit(first.mask, HEADING_BIT)) score *= HEADING_BOOST;
      hits.push({ r: first.r, d: first.d, score: score });
    });
    var byReport = new Map();
    hits.forEach(function (h) {
      if (!byReport.has(h.r)) byReport.set(h.r, { r: h.r, score: 0, hits: [] });
      var g = byReport.get(h.r);
      g.hits.push(h);
      g.score = Math.max(g.score, h.score);
    });
    var groups = Array.from(byReport.values());
    groups.forEach(function (g) {
      g.hits.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
      // A report with many matching paragraphs ranks a little higher.
      g.score += Math.log(g.hits.length) * 0.1;
    });
    groups.sort(function (a, b) { return b.score - a.score || a.r - b.r; });
    return { total: hits.length, groups: groups };
  }

  /**
   * A snippet of text around the first match: [{text, mark}] runs, mark
   * true on every occurrence of a phrase. Runs are plain strings, for the
   * page to put in text nodes.
   */
  function snippet(text, phrases, context) {
    var chars = Array.from(text);
    var folded = fold(text);
    var marked = new Array(chars.length).fill(false);
    phrases.forEach(function (p) {
      for (var i = 0; i + p.length <= folded.length; i++) {
        var j = 0;
        while (j < p.length && folded[i + j] === p[j]) j++;
        if (j === p.length) for (j = 0; j < p.length; j++) marked[i + j] = true;
      }
    });
    var around = context === undefined ? SNIPPET_CONTEXT : context;
    var first = marked.indexOf(true);
    var from = Math.max(0, (first < 0 ? 0 : first) - around);
    var to = Math.min(chars.length, (first < 0 ? 0 : first) + around * 2);
    var runs = [];
    if (from > 0) runs.push({ text: '…', mark: false });
    for (var i = from; i < to; i++) {
      var last = runs[runs.length - 1];
      if (last && last.mark === marked[i] && last.text !== '…') last.text += chars[i];
      else runs.push({ text: chars[i], mark: marked[i] });
    }
    if (to < chars.length) runs.push({ text: '…', mark: false });
    return runs;
  }

  /**
   * The search engine over a loader: load(name) → Promise of the data file
   * search/<name> ("manifest", "s/<n>", "r/<i>"). Rounds of fetches: the
   * manifest (once), the query's shards together, the shown reports' text
   * together.
   */
  function Engine(load) {
    this.load = load;
    this.cache = new Map();
    this.manifest = null;
    this.shards = new Map();
  }

  Engine.prototype.file = function (name) {
    if (!this.cache.has(name)) {
      var self = this;
      var p = Promise.resolve(this.load(name));
      p.catch(function () { self.cache.delete(name); });
      this.cache.set(name, p);
    }
    return this.cache.get(name);
  };

  Engine.prototype.facets = function () {
    var self = this;
    return this.file('manifest').then(function (m) { self.manifest = m; return m.facets; });
  };

  /**
   * Runs a query: {total, reports, groups: [{slug, title, url, count,
   * hits: [{anchor, url, runs}]}]} for the first `limit` reports.
   */
  Engine.prototype.query = function (query, filters, limit) {
    var self = this;
    var phrases = parseQuery(query);
    return this.file('manifest').then(function (manifest) {
      self.manifest = manifest;
      var terms = queryTerms(phrases);
      var needed = shardsFor(terms, manifest.shards);
      return Promise.all(needed.map(function (n) { return self.file('s/' + n); }))
        .then(function (shards) {
          var byTerm = {};
          shards.forEach(function (s) { Object.assign(byTerm, s); });
          var decoded = new Map();
          var postingsOf = function (t) {
            if (!decoded.has(t)) decoded.set(t, decodePostings(byTerm[t]));
            return decoded.get(t);
          };
          var ranked = rank(manifest, phrases, postingsOf, filters);
          var shown = ranked.groups.slice(0, limit || 20);
          return Promise.all(shown.map(function (g) { return self.file('r/' + g.r); }))
            .then(function (texts) {
              return {
                total: ranked.total,
                reports: ranked.groups.length,
                groups: shown.map(function (g, i) {
                  return present(manifest, g, texts[i], phrases);
                })
              };
            });
        });
    });
  };

  function present(manifest, group, docs, phrases) {
    var report = manifest.reports[group.r];
    var url = 'reports/' + report[0] + '.html';
    return {
      slug: report[0],
      title: report[1],
      url: url,
      count: group.hits.length,
      hits: group.hits.map(function (h) {
        var doc = docs[h.d];
        return {
          anchor: doc[0],
          url: doc[0] ? url + '#' + doc[0] : url,
          runs: snippet(doc[1], phrases)
        };
      })
    };
  }

  var api = {
    fold: fold,
    parseQuery: parseQuery,
    pairsOf: pairsOf,
    queryTerms: queryTerms,
    shardOf: shardOf,
    shardsFor: shardsFor,
    decodePostings: decodePostings,
    matchPhrase: matchPhrase,
    passes: passes,
    rank: rank,
    snippet: snippet,
    Engine: Engine
  };
  var previous = root.BaogaoSearch || {};
  Object.keys(api).forEach(function (k) { previous[k] = api[k]; });
  root.BaogaoSearch = previous;
  if (typeof module !== 'undefined' && module.exports) module.exports = previous;
})(typeof globalThis !== 'undefined' ? globalThis : this);
