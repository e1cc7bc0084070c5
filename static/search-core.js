/* Search query logic, shared by the Web Worker (search-worker.js), the page
 * (search.js, on the main thread when opened from disk) and the Node tests.
 * Pure: no DOM. Mirrors the index written by src/index/:
 * - terms: single characters, pairs of adjacent characters, "~" + jieba word;
 * - a term's shard: FNV-1a of its UTF-8 bytes modulo the shard count;
 * - a shard: {term: [df, postings]}, or [df, k] with the postings in the
 *   pack p/<n>-<k>, {term: postings} of several of the shard's terms;
 * - postings: base64url digits, per report its gap from the previous
 *   report (five-bit groups, 32 and above meaning "more follow") and its
 *   impact (1..levels: BM25's term-frequency part, quantised);
 * - r/<i>: a report's slug, title and documents [anchor, text, mask].
 * A query runs in three rounds of fetches: the manifest and the query's
 * shards together, then the long postings it chooses (chooseTerms), then
 * the text of the best candidate reports, in which the query is verified
 * (Ctrl-F exactness) and its paragraphs ranked.
 */
(function (root) {
  'use strict';

  var WORD_PREFIX = '~';
  var HEADING_BIT = 0;
  // A report matching the query as one of jieba's words (not straddling
  // words) ranks higher: the word term's score counts this much.
  var WORD_WEIGHT = 0.5;
  // A title or heading containing the query ranks above paragraphs.
  var HEADING_BOOST = 2;
  // Characters of context each side of the first match in a snippet.
  var SNIPPET_CONTEXT = 40;
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VALUE = {};
  for (var v = 0; v < DIGITS.length; v++) VALUE[DIGITS.charAt(v)] = v;
  var MORE = 32;

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

  /** A phrase's index terms: the character itself, or every pair in it. */
  function pairsOf(phrase) {
    if (phrase.length === 1) return [phrase[0]];
    var pairs = [];
    for (var i = 0; i + 1 < phrase.length; i++) pairs.push(phrase[i] + phrase[i + 1]);
    return pairs;
  }

  function wordOf(phrase) {
    return phrase.length > 1 ? WORD_PREFIX + phrase.join('') : null;
  }

  /** Every term whose shard a query reads: pairs and whole words, once each. */
  function queryTerms(phrases) {
    var seen = {};
    var out = [];
    phrases.forEach(function (phrase) {
      pairsOf(phrase).concat([wordOf(phrase)]).forEach(function (t) {
        if (t && !seen[t]) { seen[t] = true; out.push(t); }
      });
    });
    return out;
  }

  /**
   * The terms whose postings a phrase uses, from the shard entries of its
   * pairs (entryOf(term) → [df, postings or long file number] or null).
   * Rule "rarest cover": every pair whose postings sit in its shard (loaded
   * already, and rare, so selective), then pairs with long postings, rarest
   * first, only until every character of the phrase is covered: the text is
   * verified anyway, and each long list costs a download. Null when a pair
   * occurs nowhere (the phrase cannot occur).
   */
  function chooseTerms(phrase, entryOf) {
    var pairs = pairsOf(phrase);
    var entries = pairs.map(entryOf);
    if (entries.some(function (e) { return !e; })) return null;
    var covered = new Array(phrase.length).fill(false);
    var chosen = [];
    var take = function (i) {
      chosen.push(pairs[i]);
      covered[i] = true;
      if (phrase.length > 1) covered[i + 1] = true;
    };
    var long = [];
    entries.forEach(function (e, i) {
      if (typeof e[1] === 'string') take(i); else long.push(i);
    });
    long.sort(function (a, b) { return entries[a][0] - entries[b][0] || a - b; });
    long.forEach(function (i) {
      if (!covered[i] || (phrase.length > 1 && !covered[i + 1])) take(i);
    });
    var word = wordOf(phrase);
    var wordEntry = word ? entryOf(word) : null;
    // The whole word only ranks; fetched only when its postings are inline.
    if (wordEntry && typeof wordEntry[1] === 'string') chosen.push(word);
    return chosen;
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

  /** A postings string → {reports, impacts}, reports ascending. */
  function decodePostings(text) {
    var reports = [];
    var impacts = [];
    var next = 0;
    var i = 0;
    while (i < text.length) {
      var gap = 0;
      var digit;
      while ((digit = VALUE[text.charAt(i++)]) >= MORE) gap = gap * MORE + digit - MORE;
      gap = gap * MORE + digit;
      var report = next + gap;
      reports.push(report);
      impacts.push(VALUE[text.charAt(i++)]);
      next = report + 1;
    }
    return { reports: reports, impacts: impacts };
  }

  function idf(manifest, df) {
    return Math.log(1 + (manifest.reports - df + 0.5) / (df + 0.5));
  }

  /**
   * A term's score in each report holding it (an array by report, 0 where
   * absent), kept on the decoded postings (a query typed on reuses it).
   */
  function termScores(manifest, entry) {
    if (entry.scores) return entry.scores;
    var weight = idf(manifest, entry.df) * (manifest.k1 + 1) / manifest.levels;
    // Indexed by report, 0 where the term is absent (impacts are never 0).
    var scores = new Float64Array(manifest.reports);
    for (var i = 0; i < entry.reports.length; i++) {
      scores[entry.reports[i]] = entry.impacts[i] * weight;
    }
    entry.scores = scores;
    return scores;
  }

  /** Whether report r passes the report facet filters (year, region). */
  function reportPasses(manifest, r, filters) {
    var reportFacet = 0;
    for (var f = 0; f < manifest.facets.length; f++) {
      var facet = manifest.facets[f];
      if (typeof facet.bit === 'number') continue;
      var own = manifest.report_facets[reportFacet++][r];
      var chosen = (filters && filters[facet.key]) || [];
      if (chosen.length && chosen.indexOf(own) < 0) return false;
    }
    return true;
  }

  /**
   * The reports that may hold every phrase (every chosen pair): {count,
   * top}, top being the best `limit` as [{r, score}], best first (ties in
   * archive order). chosen[p] lists phrase p's terms (chooseTerms);
   * postingsOf(term) → {df, reports, impacts}. A phrase scores the mean of
   * its pairs' scores, plus the whole word's (WORD_WEIGHT) when the report
   * has it. Typed arrays by report: a query over 10,000 reports stays
   * within a few milliseconds.
   */
  function candidates(manifest, phrases, chosen, postingsOf, filters, limit) {
    var ids = null;
    var acc = null;
    for (var p = 0; p < phrases.length; p++) {
      if (!chosen[p]) return { count: 0, top: [] };
      var word = wordOf(phrases[p]);
      var entries = chosen[p].filter(function (t) { return t !== word; }).map(postingsOf);
      var lists = entries.map(function (e) { return termScores(manifest, e); });
      var wordScores = chosen[p].indexOf(word) >= 0 ? termScores(manifest, postingsOf(word)) : null;
      var shortest = entries.reduce(function (a, b) { return a.reports.length <= b.reports.length ? a : b; });
      var nextIds = [];
      var nextAcc = new Float64Array(manifest.reports);
      for (var k = 0; k < shortest.reports.length; k++) {
        var r = shortest.reports[k];
        if (acc && !acc[r]) continue;
        var sum = 0;
        for (var i = 0; i < lists.length && sum >= 0; i++) sum = lists[i][r] ? sum + lists[i][r] : -1;
        if (sum < 0) continue;
        nextIds.push(r);
        nextAcc[r] = (acc ? acc[r] : 0) + sum / lists.length + WORD_WEIGHT * (wordScores ? wordScores[r] : 0);
      }
      ids = nextIds;
      acc = nextAcc;
    }
    var kept = (ids || []).filter(function (r) { return reportPasses(manifest, r, filters); });
    return { count: kept.length, top: best(kept, acc, limit) };
  }

  /**
   * The `limit` best of ids by score (then archive order), best first.
   * Finds the limit-th score with a native numeric sort first, so that only
   * the reports at or above it are sorted with a comparator.
   */
  function best(ids, scores, limit) {
    var want = Math.min(limit || ids.length, ids.length);
    if (!want) return [];
    var values = new Float64Array(ids.length);
    ids.forEach(function (r, i) { values[i] = scores[r]; });
    values.sort();
    var threshold = values[ids.length - want];
    var top = [];
    ids.forEach(function (r) { if (scores[r] >= threshold) top.push({ r: r, score: scores[r] }); });
    top.sort(function (a, b) { return b.score - a.score || a.r - b.r; });
    return top.slice(0, want);
  }

  function hasBit(mask, bit) {
    return Math.floor(mask / Math.pow(2, bit)) % 2 === 1;
  }

  /** Whether a document passes the document facet filters (part, topic). */
  function docPasses(manifest, mask, filters) {
    return manifest.facets.every(function (facet) {
      var chosen = (filters && filters[facet.key]) || [];
      if (typeof facet.bit !== 'number' || !chosen.length) return true;
      return chosen.some(function (v) { return hasBit(mask, facet.bit + v); });
    });
  }

  /** Text with ASCII letters lower-cased, length unchanged (as fold). */
  function foldText(text) {
    return text.replace(/[A-Z]+/g, function (m) { return m.toLowerCase(); });
  }

  /** Occurrences of a phrase (a folded string) in folded text. */
  function occurrences(text, phrase) {
    var n = 0;
    for (var i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) n++;
    return n;
  }

  /**
   * The documents of a report's text file that contain every phrase and
   * pass the document filters, best first: [{d, score}]. Scored by BM25
   * over the report's documents, titles and headings boosted. `folded` is
   * the documents' folded texts.
   */
  function matchDocs(manifest, docs, folded, phrases, filters) {
    var avg = folded.reduce(function (s, t) { return s + t.length; }, 0) / Math.max(1, docs.length);
    var strings = phrases.map(function (p) { return p.join(''); });
    var hits = [];
    docs.forEach(function (doc, d) {
      var text = folded[d];
      var score = 0;
      for (var p = 0; p < strings.length; p++) {
        var tf = occurrences(text, strings[p]);
        if (!tf) return;
        var norm = 1 - manifest.b + manifest.b * (avg ? text.length / avg : 1);
        score += tf * (manifest.k1 + 1) / (tf + manifest.k1 * norm);
      }
      if (!docPasses(manifest, doc[2], filters)) return;
      if (hasBit(doc[2], HEADING_BIT)) score *= HEADING_BOOST;
      hits.push({ d: d, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.d - b.d; });
    return hits;
  }

  /** Moves a UTF-16 index off the second half of a surrogate pair. */
  function codePointStart(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
  }

  /**
   * A snippet of text around the first match: [{text, mark}] runs, mark
   * true on every occurrence of a phrase. Runs are plain strings, for the
   * page to put in text nodes. Only the window around the first match is
   * scanned, so long paragraphs cost no more than short ones.
   */
  function snippet(text, phrases, context) {
    var around = context === undefined ? SNIPPET_CONTEXT : context;
    var folded = foldText(text);
    var strings = phrases.map(function (p) { return p.join(''); });
    var first = -1;
    strings.forEach(function (p) {
      var at = folded.indexOf(p);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    });
    var anchor = first < 0 ? 0 : first;
    // UTF-16 units; a character outside the BMP counts twice, which only
    // widens the window a little.
    var from = codePointStart(text, Math.max(0, anchor - around));
    var to = Math.min(text.length, anchor + around * 2);
    to = to < text.length ? codePointStart(text, to) : to;
    var marked = new Array(to - from).fill(false);
    strings.forEach(function (p) {
      var start = Math.max(0, from - p.length + 1);
      for (var i = folded.indexOf(p, start); i >= 0 && i < to; i = folded.indexOf(p, i + 1)) {
        for (var j = Math.max(i, from); j < Math.min(i + p.length, to); j++) marked[j - from] = true;
      }
    });
    var runs = [];
    if (from > 0) runs.push({ text: '…', mark: false });
    for (var k = from; k < to; k++) {
      var last = runs[runs.length - 1];
      var ch = text.charAt(k);
      if (last && last.mark === marked[k - from] && last.text !== '…') last.text += ch;
      else runs.push({ text: ch, mark: marked[k - from] });
    }
    if (to < text.length) runs.push({ text: '…', mark: false });
    return runs;
  }

  /**
   * The search engine over a loader: load(name) → (Promise of) the data of
   * search/<name> ("manifest", "s/<n>", "p/<n>-<k>", "r/<i>"). `shards`,
   * when the page knows it, lets the manifest and the shards load in one
   * round. Files, decoded postings and folded texts are kept, so a query
   * typed on from the last one costs little.
   */
  function Engine(load, shards) {
    this.load = load;
    this.shards = shards || 0;
    this.cache = new Map();
    this.postings = new Map();
    this.texts = new Map();
  }

  Engine.prototype.file = function (name) {
    if (!this.cache.has(name)) {
      var self = this;
      var p = Promise.resolve().then(function () { return self.load(name); });
      p.catch(function () { self.cache.delete(name); });
      this.cache.set(name, p);
    }
    return this.cache.get(name);
  };

  Engine.prototype.manifest = function () {
    var self = this;
    return this.file('manifest').then(function (m) { self.shards = m.shards; return m; });
  };

  Engine.prototype.facets = function () {
    return this.manifest().then(function (m) { return m.facets; });
  };

  /**
   * Round 1: the manifest and the shards of the terms, together when the
   * shard count is known → {manifest, entries: {term: {entry, shard}}}.
   */
  Engine.prototype.entries = function (terms) {
    var self = this;
    var shardCount = this.shards ? Promise.resolve(this.shards)
      : this.manifest().then(function (m) { return m.shards; });
    var entries = shardCount.then(function (n) {
      return Promise.all(terms.map(function (t) { return self.file('s/' + shardOf(t, n)); }))
        .then(function (shards) {
          var out = {};
          terms.forEach(function (t, i) {
            var own = Object.prototype.hasOwnProperty.call(shards[i], t);
            out[t] = own ? { entry: shards[i][t], shard: shardOf(t, n) } : null;
          });
          return out;
        });
    });
    return Promise.all([this.manifest(), entries]).then(function (loaded) {
      return { manifest: loaded[0], entries: loaded[1] };
    });
  };

  /** Round 2: the long postings of the chosen terms, decoded. */
  Engine.prototype.decode = function (terms, entries) {
    var self = this;
    return Promise.all(terms.map(function (t) {
      if (self.postings.has(t)) return null;
      var e = entries[t];
      var text = typeof e.entry[1] === 'string' ? e.entry[1]
        : self.file('p/' + e.shard + '-' + e.entry[1]).then(function (pack) {
          return Object.prototype.hasOwnProperty.call(pack, t) ? pack[t] : '';
        });
      return Promise.resolve(text).then(function (postings) {
        var decoded = decodePostings(postings);
        decoded.df = e.entry[0];
        self.postings.set(t, decoded);
      });
    }));
  };

  /** A report's text file and its documents folded (round 3). */
  Engine.prototype.text = function (r) {
    var self = this;
    return this.file('r/' + r).then(function (text) {
      if (!self.texts.has(r)) {
        self.texts.set(r, text.docs.map(function (d) { return foldText(d[1]); }));
      }
      return { file: text, folded: self.texts.get(r) };
    });
  };

  /**
   * Runs a query. Ranks the candidate reports, then checks the best
   * `limit` of them against their text (round 3: the text is needed for the
   * snippets anyway); `more` asks for the next batch. Returns {groups:
   * [{r, slug, title, url, count, hits: [{anchor, url, runs}]}] (at most
   * `perReport` hits each, all of them by default), total (matching
   * documents in the groups), candidates, checked, exact (every candidate
   * checked, so the counts are final)}.
   */
  Engine.prototype.query = function (query, filters, limit, perReport) {
    var self = this;
    var phrases = parseQuery(query);
    var batch = limit || 20;
    var empty = { groups: [], total: 0, candidates: 0, checked: 0, exact: true };
    if (!phrases.length) return Promise.resolve(empty);
    return this.entries(queryTerms(phrases)).then(function (found) {
      var entryOf = function (t) { return found.entries[t] ? found.entries[t].entry : null; };
      var chosen = phrases.map(function (p) { return chooseTerms(p, entryOf); });
      if (chosen.some(function (c) { return !c; })) return empty;
      var terms = [].concat.apply([], chosen);
      return self.decode(terms, found.entries).then(function () {
        var postingsOf = function (t) { return self.postings.get(t); };
        var ranked = candidates(found.manifest, phrases, chosen, postingsOf, filters, batch);
        var shown = ranked.top;
        return Promise.all(shown.map(function (c) { return self.text(c.r); })).then(function (texts) {
          var groups = [];
          texts.forEach(function (t, i) {
            var hits = matchDocs(found.manifest, t.file.docs, t.folded, phrases, filters);
            if (hits.length) groups.push(present(shown[i].r, t.file, hits, phrases, perReport));
          });
          return {
            groups: groups,
            total: groups.reduce(function (s, g) { return s + g.count; }, 0),
            candidates: ranked.count,
            checked: shown.length,
            exact: shown.length >= ranked.count
          };
        });
      });
    });
  };

  function present(r, text, hits, phrases, perReport) {
    var url = 'reports/' + text.slug + '.html';
    return {
      r: r,
      slug: text.slug,
      title: text.title,
      url: url,
      count: hits.length,
      hits: hits.slice(0, perReport || hits.length).map(function (h) {
        var doc = text.docs[h.d];
        return {
          anchor: doc[0],
          url: doc[0] ? url + '#' + doc[0] : url,
          runs: snippet(doc[1], phrases)
        };
      })
    };
  }

  /** The data in a search/<name>.js file (BaogaoSearch.register(name, data)). */
  function parseScript(name, text) {
    var prefix = 'BaogaoSearch.register(' + JSON.stringify(name) + ',';
    var end = text.lastIndexOf(');');
    if (text.indexOf(prefix) !== 0 || end < prefix.length) throw new Error(name + ': not an index file');
    return JSON.parse(text.slice(prefix.length, end));
  }

  var api = {
    fold: fold,
    parseQuery: parseQuery,
    pairsOf: pairsOf,
    chooseTerms: chooseTerms,
    queryTerms: queryTerms,
    shardOf: shardOf,
    foldText: foldText,
    decodePostings: decodePostings,
    candidates: candidates,
    reportPasses: reportPasses,
    docPasses: docPasses,
    matchDocs: matchDocs,
    snippet: snippet,
    parseScript: parseScript,
    Engine: Engine
  };
  var previous = root.BaogaoSearch || {};
  Object.keys(api).forEach(function (k) { previous[k] = api[k]; });
  root.BaogaoSearch = previous;
  if (typeof module !== 'undefined' && module.exports) module.exports = previous;
})(typeof globalThis !== 'undefined' ? globalThis : this);
