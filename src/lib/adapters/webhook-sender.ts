import type { ClientRequest } from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import { ipFamily, refusedRange } from '../domain/webhook-endpoint.ts';
import type { WebhookFailure, WebhookSender } from '../domain/ports.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { loadClients } from './outbound-fetch.ts';

/** Resolves a host name to every address it has: Node's resolver, unless a test names another. */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

// Node's HTTP clients (`loadClients`, shared with outbound-fetch.ts) and resolver, and the signing
// library, are loaded with the first post: importing them costs a cold function tens of
// milliseconds, and most requests post nothing.
let resolver: Promise<typeof import('node:dns/promises')> | undefined;
let signing: Promise<typeof import('standardwebhooks')> | undefined;

const systemResolve: Resolve = async (host) => (await (resolver ??= import('node:dns/promises'))).lookup(host, { all: true, verbatim: true });

/** The longest `retry-after` honoured; a longer one waits this long (attempts still run out as usual). */
const MAX_RETRY_AFTER_S = 6 * 3600;

/** The secrets the environment holds, by variable name: null for one that is set but is no whsec_ secret. */
export type WebhookSecrets = Record<string, string | null>;

class RefusedAddress extends Error {
  override name = 'RefusedAddress';
}

/** `retry-after` as seconds: a number of seconds, or an HTTP date. */
function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : (Date.parse(value) - now) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_S) : undefined;
}

/** A failure of the connection itself, by Node's error code: all worth another try later. */
function networkFailure(error: unknown): WebhookFailure {
  const { code, name } = error as NodeJS.ErrnoException;
  const detail = `${name}${code ? ` ${code}` : ''}`;
  if (error instanceof RefusedAddress) return { code: 'refused_address', retryable: false, detail: error.message };
  if (name === 'TimeoutError' || name === 'AbortError') return { code: 'timeout', retryable: true, detail };
  if (code === 'ECONNREFUSED') return { code: 'connection_refused', retryable: true, detail };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { code: 'dns_failed', retryable: true, detail };
  if (/^(?:ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code ?? '')) return { code: 'tls_failed', retryable: true, detail };
  return { code: 'connection_failed', retryable: true, detail };
}

/**
 * The webhook port on Node's own HTTP client (not `fetch`: see outbound-fetch.ts). Each post is
 * signed with the `standardwebhooks` library at the time of the attempt, goes to https only
 * (http to this machine in local mode, `allowLoopback`), and to an address that is checked after
 * the name is resolved: every address the name has must be public (loopback too in local mode),
 * and the connection is made to the address checked, never to a second lookup's, so that a DNS
 * answer that changes in between (rebinding) cannot reach the network the functions run in. No
 * redirect is followed; a 2xx within `timeoutMs` (default 10 s) is accepted. The receiver's
 * body is read and dropped: nothing it says is kept.
 */
export function createWebhookSender(options: {
  secrets: WebhookSecrets;
  timeoutMs?: number;
  allowLoopback?: boolean;
  resolve?: Resolve;
  /** The time signatures carry; the receiver checks it against its own clock. */
  now?: () => Date;
}): WebhookSender {
  const resolve = options.resolve ?? systemResolve;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const allowed = (address: string) => {
    const range = refusedRange(address);
    return range === null || (options.allowLoopback === true && range === 'loopback');
  };
  return {
    secretState(name) {
      const secret = options.secrets[name];
      return secret === undefined ? 'missing' : secret === null ? 'invalid' : 'ready';
    },
    async send(webhook): Promise<Result<{ status: number }, WebhookFailure>> {
      const secret = options.secrets[webhook.secretVariable];
      if (!secret) {
        return err({ code: 'not_configured', retryable: true, detail: `${webhook.secretVariable} is ${secret === null ? 'not a whsec_ secret' : 'not set'}` });
      }
      const url = new URL(webhook.url);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && options.allowLoopback)) {
        return err({ code: 'not_https', retryable: false, detail: `${url.protocol} is not https` });
      }
      if (url.username || url.password) return err({ code: 'refused_address', retryable: false, detail: 'credentials in the URL' });
      const host = url.hostname.replace(/^\[|\]$/g, '');
      let addresses: { address: string; family: number }[];
      try {
        addresses = ipFamily(host) ? [{ address: host, family: ipFamily(host)! }] : await resolve(host);
      } catch (error) {
        return err(networkFailure(error));
      }
      if (addresses.length === 0) return err({ code: 'dns_failed', retryable: true, detail: `${host}: no address` });
      const refused = addresses.find((a) => !allowed(a.address));
      if (refused) return err({ code: 'refused_address', retryable: false, detail: `${host} resolves to ${refused.address} (${refusedRange(refused.address)})` });
      // Plain http only ever to this machine (local mode's receiver).
      if (url.protocol === 'http:' && !addresses.every((a) => refusedRange(a.address) === 'loopback')) {
        return err({ code: 'not_https', retryable: false, detail: `http to ${host}, which is not this machine` });
      }
      const at = now();
      const { Webhook } = await (signing ??= import('standardwebhooks'));
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Vouch-Webhooks/1',
        'webhook-id': webhook.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(webhook.id, at, webhook.body),
      };
      return post(url, addresses[0]!, headers, webhook.body, timeoutMs, allowed);
    },
  };
}

/** One POST to the address checked, with the time allowed for an answer; no redirect is followed. */
async function post(
  url: URL,
  pinned: { address: string; family: number },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  allowed: (address: string) => boolean,
): Promise<Result<{ status: number }, WebhookFailure>> {
  const secure = url.protocol === 'https:';
  const [http, https] = await loadClients();
  // A fresh agent per post: no pooled connection to an address resolved earlier, and no proxy.
  const agent = secure ? new https.Agent({ keepAlive: false }) : new http.Agent({ keepAlive: false });
  const pin: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise((settle) => {
    let request: ClientRequest;
    const send = secure ? https.request : http.request;
    try {
      request = send(url, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent,
        lookup: pin,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      agent.destroy();
      settle(err(networkFailure(error)));
      return;
    }
    request.on('socket', (socket: Socket) => {
      // Belt and braces: whatever was looked up, the address connected to must be one allowed.
      socket.once('connect', () => {
        if (socket.remoteAddress && !allowed(socket.remoteAddress)) request.destroy(new RefusedAddress(`connected to ${socket.remoteAddress}`));
      });
    });
    request.on('response', (response) => {
      response.resume();
      response.on('error', () => undefined);
      const status = response.statusCode ?? 0;
      const retryAfter = retryAfterSeconds(response.headers['retry-after'], Date.now());
      if (status >= 200 && status < 300) settle(ok({ status }));
      else if (status >= 300 && status < 400) settle(err({ code: 'redirect', status, retryable: true, detail: `${status}: redirect not followed` }));
      else settle(err({ code: `http_${status}`, status, retryable: status !== 410, ...(retryAfter ? { retryAfterSeconds: retryAfter } : {}), detail: `answered ${status}` }));
      agent.destroy();
    });
    request.on('error', (error) => {
      agent.destroy();
      settle(err(networkFailure(error)));
    });
    request.end(body);
  });
}
