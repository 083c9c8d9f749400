// A local HTTP server that answers like Resend's email API (POST /emails), for tests:
// bearer-key auth, field validation, 24-hour idempotency with Resend's 409s, its error
// body shape, and faults on demand (500, 429 with retry-after, hangs, dropped connections).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from './read-body.ts';

/** One email the fake accepted, as the wire carried it. */
export type SentEmail = {
  id: string;
  idempotencyKey?: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
    reply_to?: string | string[];
    tags?: { name: string; value: string }[];
    /** The email's extra header lines, e.g. List-Unsubscribe. */
    headers?: Record<string, string>;
  };
};

/** A fault to answer with instead of accepting. */
export type Fault =
  | { kind: 'status'; status: number; name: string; retryAfter?: number }
  | { kind: 'hang' }
  /** Accepts and sends the email, then never answers: the caller cannot know it went. */
  | { kind: 'lose-response' }
  | { kind: 'drop' }
  | { kind: 'html' };

export type ResendApi = {
  url: string;
  apiKey: string;
  sent: SentEmail[];
  /** Every request that reached the server, accepted or not. */
  requests: number;
  /** Answers the next `count` requests with the fault. */
  fail(fault: Fault, count?: number): void;
  /** Stops faulting. */
  recover(): void;
  close(): Promise<void>;
};

const error = (res: ServerResponse, status: number, name: string, message: string, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ statusCode: status, name, message }));
};

/** Starts the fake on a free loopback port; `onSend` hears of each email as it is accepted (benchmarks time arrivals with it). */
export async function startResendApi(options: { apiKey?: string; onSend?: (email: SentEmail) => void } = {}): Promise<ResendApi> {
  const apiKey = options.apiKey ?? 're_test_key';
  const sent: SentEmail[] = [];
  const idempotent = new Map<string, { payload: string; id?: string }>();
  let faults: { fault: Fault; remaining: number } | null = null;
  const hanging = new Set<ServerResponse>();
  let requests = 0;

  const server = createServer(async (req, res) => {
    requests += 1;
    const raw = await readBody(req);
    if (faults && faults.remaining > 0 && faults.fault.kind !== 'lose-response') {
      faults.remaining -= 1;
      const { fault } = faults;
      if (fault.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (fault.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body>Bad gateway</body></html>');
        return;
      }
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      error(res, fault.status, fault.name, `Simulated ${fault.name}.`, headers);
      return;
    }
    if (req.method !== 'POST' || req.url !== '/emails') {
      error(res, req.url === '/emails' ? 405 : 404, req.url === '/emails' ? 'method_not_allowed' : 'not_found', 'Not found.');
      return;
    }
    const auth = req.headers.authorization;
    if (!auth) return error(res, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    if (auth !== `Bearer ${apiKey}`) return error(res, 403, 'invalid_api_key', 'API key is invalid.');

    let body: SentEmail['body'];
    try {
      body = JSON.parse(raw);
    } catch {
      return error(res, 400, 'validation_error', 'Invalid JSON body.');
    }
    for (const field of ['from', 'to', 'subject'] as const) {
      if (!body[field]) return error(res, 422, 'missing_required_field', `Missing \`${field}\` field.`);
    }
    if (!body.html && !body.text) return error(res, 422, 'missing_required_field', 'Missing `html` or `text` field.');
    if (!/^(?:[^<>]+ <[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(body.from)) {
      return error(res, 422, 'invalid_from_address', 'Invalid `from` field.');
    }
    const to = Array.isArray(body.to) ? body.to : [body.to];
    if (to.length > 50) return error(res, 422, 'validation_error', 'Too many recipients.');
    if (/[\r\n]/.test(body.subject)) return error(res, 422, 'validation_error', 'Invalid `subject` field.');
    if (body.headers !== undefined && Object.values(body.headers).some((value) => typeof value !== 'string' || /[\r\n]/.test(value))) {
      return error(res, 422, 'validation_error', 'Invalid `headers` field.');
    }

    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    if (idempotencyKey !== undefined) {
      if (idempotencyKey.length < 1 || idempotencyKey.length > 256) {
        return error(res, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
      }
      const seen = idempotent.get(idempotencyKey);
      if (seen) {
        if (seen.payload !== raw) {
          return error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        }
        if (!seen.id) return error(res, 409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: seen.id }));
        return;
      }
      idempotent.set(idempotencyKey, { payload: raw });
    }
    const id = randomUUID();
    const email: SentEmail = { id, idempotencyKey, headers: req.headers, body };
    sent.push(email);
    options.onSend?.(email);
    if (idempotencyKey !== undefined) idempotent.set(idempotencyKey, { payload: raw, id });
    if (faults?.fault.kind === 'lose-response' && faults.remaining > 0) {
      faults.remaining -= 1;
      hanging.add(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'ratelimit-limit': '2', 'ratelimit-remaining': '1' });
    res.end(JSON.stringify({ id }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    sent,
    get requests() {
      return requests;
    },
    fail(fault, count = Number.POSITIVE_INFINITY) {
      faults = { fault, remaining: count };
    },
    recover() {
      faults = null;
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
