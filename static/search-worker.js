/* The search Web Worker: runs search-core.js off the main thread when the
 * site is served over http(s). It fetches the same search/<name>.js files
 * the page loads as scripts from disk, and parses their JSON. Messages in:
 * {id, base, shards, query, filters, limit, perReport} or {id, base, shards, facets:
 * true}; out: {id, result} or {id, error}. */
'use strict';
importScripts('search-core.js');

var engine = null;

function engineFor(base, shards) {
  if (!engine) {
    engine = new BaogaoSearch.Engine(function (name) {
      return fetch(base + name + '.js').then(function (response) {
        if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
        return response.text();
      }).then(function (text) { return BaogaoSearch.parseScript(name, text); });
    }, shards);
  }
  return engine;
}

self.onmessage = function (event) {
  var m = event.data;
  var e = engineFor(m.base, m.shards);
  var work = m.facets ? e.facets() : e.query(m.query, m.filters, m.limit, m.perReport);
  work.then(
    function (result) { self.postMessage({ id: m.id, result: result }); },
    function (error) { self.postMessage({ id: m.id, error: String(error && error.message || error) }); }
  );
};
