// hosts.ts: two hosts of one site and one outside it (www.site.test, search.site.test, other.test), all this
// machine, for the shared-identity scenario (SPEC §8). Chromium maps them with --host-resolver-rules and Firefox
// with network.dns.localDomains; WebKitGTK's MiniBrowser has no such switch, so its session goes through this
// forward proxy (--proxy), which sends every request to 127.0.0.1 on the port it named.
import http from 'node:http';

export const SITE_HOSTS = ['www.site.test', 'search.site.test', 'other.test'];

export function startHostsProxy(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://' + req.headers.host);
    const up = http.request({ host: '127.0.0.1', port: u.port || 80, path: u.pathname + u.search, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    ok({ url: 'http://127.0.0.1:' + port, close: () => { server.closeAllConnections(); server.close(); } });
  }));
}
