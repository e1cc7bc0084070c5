// Reads a built site's search index files from disk, as the worker fetches
// them: search/<name>.js, parsed with the core's parseScript.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../../../static/search-core.js');

/** A loader for core.Engine over SITE; onLoad(name) sees every file read. */
export function loader(site, onLoad = () => {}) {
  return (name) => {
    onLoad(name);
    return core.parseScript(name, readFileSync(join(site, 'search', name + '.js'), 'utf8'));
  };
}
