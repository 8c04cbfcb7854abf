// layout.mjs: the chrome every demo page shares: head with the homing snippet, header, footer.
export const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// Installed exactly as a customer would (SPEC §1): the stub, then one async script tag.
// data-bots="allow" lets headless QA browsers through; the demo flushes every second so the QA panel feels live.
const SNIPPET = `<script>
    window.homing = window.homing || function () { (homing.q = homing.q || []).push(arguments) };
    (function (u, e) { // a campaign link's email leaves the address bar before any other script can read it
      try {
        e = (u = new URL(location.href)).searchParams.get('homing_email');
        if (e != null) { homing.e = e; u.searchParams.delete('homing_email'); history.replaceState(history.state, '', u.href) }
      } catch (x) {}
    })();
  </script>
  <script async src="/js/homing.min.js"
          data-key="pk_demo_123"
          data-endpoint="http://127.0.0.1:8787/v1/events/batch"
          data-bots="allow"
          data-flush-interval="1000"></script>`;

const LOGO = `<svg viewBox="0 0 32 32" width="30" height="30" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#e76f51"/>` +
  `<path d="M6 16 16 7l10 9v9a1 1 0 0 1-1 1h-6v-7h-6v7H7a1 1 0 0 1-1-1z" fill="#fff"/></svg>`;

const NAV = [['/search.html', 'Buy'], ['/areas/', 'Neighbourhoods'], ['/saved.html', 'Saved homes'], ['/contact.html', 'Contact']];

export function page({ title, description, body, kind, head = '', path }) {
  const nav = NAV.map(([href, label]) =>
    `<a href="${href}"${href === path ? ' aria-current="page"' : ''}>${label}${href === '/saved.html' ? ' <span class="badge" data-saved-count hidden></span>' : ''}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)}</title>
  <meta name="description" content="${esc(description)}">
  <link rel="icon" href="/img/favicon.svg">
  <link rel="stylesheet" href="/css/site.css">
  ${SNIPPET}${head}
  <script type="module" src="/app/site.js"></script>
  <!-- QA aid, not part of the site: the visitor's homing.stats() in a corner, reported to the QA panel. -->
  <link rel="stylesheet" href="/css/queue-panel.css">
  <script type="module" src="/app/queue-panel.js"></script>
</head>
<body data-page="${kind}">
  <header class="top">
    <div class="wrap top-in">
      <a class="brand" href="/">${LOGO}<span>Harbourview <b>Realty</b></span></a>
      <button class="menu" type="button" aria-expanded="false" aria-controls="nav" aria-label="Menu"><span></span></button>
      <nav id="nav">${nav}</nav>
    </div>
  </header>
${body}
  <footer class="foot">
    <div class="wrap foot-in">
      <p><b>Harbourview Realty</b> · 4 Quay Street, Seabrook · (207) 555-0142</p>
      <p class="muted">A demo site for homing. Every listing here is fictional.</p>
    </div>
  </footer>
</body>
</html>
`;
}
