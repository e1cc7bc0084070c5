/* The search Web Worker: runs search-core.js off the main thread when the
 * site is served over http(s). Messages in: {id, base, query, filters,
 * limit} or {id, base, facets: true}; out: {id, result} or {id, error}. */
'use strict';
importScripts('search-core.js');

var engine = null;

function engineFor(base) {
  if (!engine) {
    engine = new BaogaoSearch.Engine(function (name) {
      return fetch(base + name + '.json').then(function (response) {
        if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
        return response.json();
      });
    });
  }
  return engine;
}

self.onmessage = function (event) {
  var m = event.data;
  var e = engineFor(m.base);
  var work = m.facets ? e.facets() : e.query(m.query, m.filters, m.limit);
  work.then(
    function (result) { self.postMessage({ id: m.id, result: result }); },
    function (error) { self.postMessage({ id: m.id, error: String(error && error.message || error) }); }
  );
};
