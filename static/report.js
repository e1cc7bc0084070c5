// Report pages: a permalink (¶) at the end of each paragraph, to copy a
// link to it. Added here, not written into every paragraph of every page:
// the paragraph's id is in the page either way (search results, topics,
// citations and figures link to it); the link is only a convenience.
(function () {
  'use strict';
  document.querySelectorAll('.report .body p[id]').forEach(function (p) {
    const link = document.createElement('a');
    link.href = '#' + p.id;
    link.className = 'permalink';
    link.setAttribute('aria-label', '本段链接');
    link.textContent = '¶';
    p.append(' ', link);
  });
})();
