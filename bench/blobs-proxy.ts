// A proxy in front of a Blobs server, in the benchmark's own process: it holds every call
// `delay` ms (a stand-in for the network between a function and Blobs on Netlify, which loopback
// lacks) and reports each one. Vouch's store adapter calls Blobs on Node's own HTTP client, not
// `fetch` (src/lib/adapters/outbound-fetch.ts), so a hook on `globalThis.fetch` would miss them:
// a proxy sees every client's calls alike, the baseline's and Vouch's.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pointBlobsAt } from '../scripts/lib/blobs-server.ts';

/** One Blobs call as the proxy saw it: what kind, from its arrival to the end of its answer. */
export type BlobsCall = { kind: string; start: number; end: number; what: string };

/** What a call reads or writes: `<store> <key>`, or `<store> list <prefix>` for a listing. */
function whatOf(path: string): string {
  const url = new URL(path, 'http://x');
  const [, store = '', ...key] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  return key.length > 0 ? `${store} ${key.join('/')}` : `${store} list ${url.searchParams.get('prefix') ?? ''}`;
}

/** The kind of a Blobs call, from its method and headers: a read, a listing, a (conditional) write, a delete. */
function kindOf(method: string, path: string, headers: Record<string, string | string[] | undefined>): string {
  // Paths are /<site>/<store>/<key>; a listing names no key.
  const keyed = new URL(path, 'http://x').pathname.split('/').filter(Boolean).length > 2;
  if (method === 'PUT') return headers['if-none-match'] ? 'set onlyIfNew' : headers['if-match'] ? 'set onlyIfMatch' : 'set';
  if (method === 'DELETE') return 'delete';
  if (method === 'HEAD') return 'metadata';
  return keyed ? 'get' : 'list';
}

/**
 * Starts the proxy before `upstream` and points `getStore()` at it. `delay` may change between
 * cases; `onCall` hears of every call once its answer has been sent.
 */
export async function startBlobsProxy(upstream: string, options: { delay?: number; onCall?: (call: BlobsCall) => void } = {}) {
  let delay = options.delay ?? 0;
  const target = new URL(upstream);
  const proxy = createServer((req, res) => {
    const start = performance.now();
    const kind = kindOf(req.method ?? 'GET', req.url ?? '/', req.headers);
    const what = whatOf(req.url ?? '/');
    res.on('finish', () => options.onCall?.({ kind, start, end: performance.now(), what }));
    const forward = () => {
      const onward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      onward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(onward);
    };
    if (delay > 0) setTimeout(forward, delay);
    else forward();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const restore = pointBlobsAt(url, { siteID: 'vouch-test', token: 'test-token' });
  return {
    url,
    setDelay(ms: number) {
      delay = ms;
    },
    async close() {
      restore();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}
