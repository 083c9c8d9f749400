// A webhook receiver on a loopback port, for tests: it checks every post with the
// `standardwebhooks` library and the secret it was given (never with the sender's code), keeps
// what arrived, and answers as a careful receiver does (2xx once verified; a repeat of a
// `webhook-id` it accepted is acknowledged, not counted again), or with faults on demand: a
// status (500, 429 with retry-after, 410, a redirect), a hang past the sender's timeout, or no
// server at all (connection refused) while it is closed.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { readBody } from './read-body.ts';

/** A new signing secret, as a provider would set it: whsec_ and 32 random bytes. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/** One post that reached the receiver. */
export type Arrival = {
  path: string;
  id: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body as the library returned it once the signature held; null if it did not. */
  event: { type: string; test?: true; data: Record<string, unknown> } | null;
  /** The status answered; null when the receiver never answered (a hang). */
  answered: number | null;
  /** Whether this post was the one accepted for its id: verified, answered 2xx, the first time. */
  accepted: boolean;
};

/** What to answer the next posts with instead of accepting them. */
export type Fault = { status: number; headers?: Record<string, string> } | { hang: true };

export type WebhookReceiver = {
  /** The receiver's origin, e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  arrivals: Arrival[];
  /** Verified posts it accepted (answered 2xx, first time for their id), in order. */
  accepted: () => Arrival[];
  /** Answers the next `count` posts with the fault. */
  fail: (fault: Fault, count?: number) => void;
  /** Accepts again. */
  recover: () => void;
  /** Holds every answer from now on until the function it returns is called: a delivery in flight. */
  hold: () => () => void;
  /** Stops listening (posts are refused at the door) until `reopen`. */
  shut: () => Promise<void>;
  /** Listens again on the same port, if shut. */
  reopen: () => Promise<void>;
  close: () => Promise<void>;
};

/** Starts a receiver that verifies with `secret`, on a free loopback port. */
export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const verifier = new Webhook(secret);
  const arrivals: Arrival[] = [];
  const acceptedIds = new Set<string>();
  let faults: { fault: Fault; remaining: number } | null = null;
  let held: Promise<void> | null = null;
  const hanging = new Set<ServerResponse>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    let event: Arrival['event'] = null;
    try {
      event = verifier.verify(body, headers) as Arrival['event'];
    } catch {
      event = null;
    }
    const arrival: Arrival = { path: req.url ?? '', id: headers['webhook-id'] ?? '', headers: req.headers, body, event, answered: null, accepted: false };
    arrivals.push(arrival);
    if (held) await held;
    if (res.destroyed || req.socket.destroyed) return;
    const answer = (status: number, extra: Record<string, string> = {}) => {
      arrival.answered = status;
      res.writeHead(status, extra);
      res.end(status >= 400 ? 'Receiver says no: secret internal detail 7f3a' : '');
    };
    if (faults && faults.remaining > 0) {
      faults.remaining -= 1;
      const { fault } = faults;
      if ('hang' in fault) {
        hanging.add(res);
        return;
      }
      answer(fault.status, fault.headers);
      return;
    }
    if (!event) return answer(401);
    if (acceptedIds.has(arrival.id)) return answer(200, { 'x-duplicate': 'yes' });
    acceptedIds.add(arrival.id);
    arrival.accepted = true;
    answer(204);
  };

  let server: Server = createServer((req, res) => void handle(req, res));
  let open = true;
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      hanging.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    arrivals,
    accepted: () => arrivals.filter((a) => a.accepted),
    fail: (fault, count = Infinity) => {
      faults = { fault, remaining: count };
    },
    recover: () => {
      faults = null;
    },
    hold: () => {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = () => {
          held = null;
          resolve();
        };
      });
      return release;
    },
    shut: async () => {
      open = false;
      await stop();
    },
    reopen: async () => {
      if (open) return;
      server = createServer((req, res) => void handle(req, res));
      await listen(port);
      open = true;
    },
    close: stop,
  };
}
