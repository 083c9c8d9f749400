import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

// Node's HTTP client is loaded on the first call, not with the function: importing `node:http`
// loads much of Node's networking (about 40 ms on a cold process), which only a call needs.
let clients: Promise<[typeof import('node:http'), typeof import('node:https')]> | undefined;
/** Node's HTTP and HTTPS clients, imported on first use and shared by every adapter that calls out. */
export const loadClients = () => (clients ??= Promise.all([import('node:http'), import('node:https')]));

/**
 * A `fetch` on Node's own HTTP client, for calls to the store. Netlify's functions runtime
 * replaces `globalThis.fetch` with one that lists every call made while a request is
 * handled (host, duration, method, sizes, status) and sends the list back to the browser
 * in an `x-nf-fetch-timing` response header, after the handler has answered. That list
 * told a known address from an unknown one; calls made through this function are not on it.
 */
export const unlistedFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`unlistedFetch: ${url.protocol} is not HTTP`);
  const [http, https] = await loadClients();
  const send = url.protocol === 'https:' ? https.request : http.request;
  request.signal.throwIfAborted();
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (body) headers['content-length'] = String(body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, signal: request.signal }, (incoming: IncomingMessage) => {
      const status = incoming.statusCode ?? 502;
      const answerHeaders = new Headers();
      for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) answerHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
      const empty = request.method === 'HEAD' || status === 204 || status === 205 || status === 304;
      if (empty) incoming.resume();
      resolve(
        new Response(empty ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>), {
          status,
          statusText: incoming.statusMessage ?? '',
          headers: answerHeaders,
        }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
};
