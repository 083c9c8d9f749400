// The webhook sender at send time, on Node's own HTTP client: what a name resolves to is checked
// before anything connects (private, loopback outside local mode, link-local, CGNAT, multicast,
// IPv6 ULA and link-local, IPv4-mapped: refused), the connection goes to the address checked (a
// second DNS answer, as in a rebinding, is never used), http only ever to this machine in local
// mode, and a signature the standardwebhooks library verifies. DNS is a function the test gives,
// so nothing here leaves the machine: the one server is a receiver on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender, type Resolve } from '../../src/lib/adapters/webhook-sender.ts';
import type { OutgoingWebhook } from '../../src/lib/domain/ports.ts';
import { newWebhookSecret, startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const secret = newWebhookSecret();
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver(secret);
});
afterAll(() => receiver.close());

/** A resolver that answers `answers` in turn (the last one again once they run out), and counts its calls. */
function resolver(...answers: string[][]): Resolve & { calls: number } {
  const resolve = Object.assign(
    async (_host: string) => {
      const answer = answers[Math.min(resolve.calls, answers.length - 1)]!;
      resolve.calls += 1;
      return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    { calls: 0 },
  );
  return resolve;
}

const webhook = (url: string, id = `hook-test-${Math.random()}`): OutgoingWebhook => ({
  provider: 'jane-okafor',
  url,
  secretVariable: 'WEBHOOK_SECRET_JANE_OKAFOR',
  id,
  body: JSON.stringify({ type: 'referral.created', version: 1, timestamp: new Date().toISOString(), test: true, data: {} }),
});
const secrets = { WEBHOOK_SECRET_JANE_OKAFOR: secret };

describe('the webhook sender at send time', () => {
  it.each([
    ['private (10/8)', '10.1.2.3'],
    ['private (172.16/12)', '172.20.0.9'],
    ['private (192.168/16)', '192.168.1.1'],
    ['loopback', '127.0.0.1'],
    ['cloud metadata (link-local)', '169.254.169.254'],
    ['CGNAT', '100.64.12.1'],
    ['multicast', '239.1.2.3'],
    ['unspecified', '0.0.0.0'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unique local', 'fd12:3456:789a::1'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped, written in hex', '::ffff:a00:1'],
    ['one private answer among public ones', '93.184.216.34', '10.0.0.1'],
  ])('refuses a name that resolves to %s, before connecting', async (_what, ...addresses) => {
    const resolve = resolver(addresses);
    const before = receiver.arrivals.length;
    const result = await createWebhookSender({ secrets, resolve }).send(webhook(`https://hooks.example.com/catch/1`));
    expect(result).toMatchObject({ ok: false, error: { code: 'refused_address', retryable: false } });
    expect(resolve.calls).toBe(1);
    expect(receiver.arrivals.length).toBe(before);
  });

  it.each([
    ['http outside local mode', 'http://hooks.example.com/catch/1', {}, 'not_https', 0],
    ['credentials in the URL', 'https://user:pass@hooks.example.com/catch/1', {}, 'refused_address', 0],
    ['http to a public address, even in local mode', 'http://hooks.example.com/catch/1', { allowLoopback: true }, 'not_https', 1],
  ])('refuses %s', async (_what, url, options, code, lookups) => {
    const resolve = resolver(['93.184.216.34']);
    const result = await createWebhookSender({ secrets, resolve, ...options }).send(webhook(url));
    expect(result).toMatchObject({ ok: false, error: { code, retryable: false } });
    expect(resolve.calls).toBe(lookups);
  });

  it('refuses an IP address written in the URL the same way, with no lookup at all', async () => {
    const resolve = resolver(['93.184.216.34']);
    for (const host of ['127.0.0.1', '[::1]', '169.254.169.254', '[fd00::1]']) {
      const result = await createWebhookSender({ secrets, resolve }).send(webhook(`https://${host}/catch/1`));
      expect(result, host).toMatchObject({ ok: false, error: { code: 'refused_address' } });
    }
    expect(resolve.calls).toBe(0);
  });

  it('connects to the address it checked, not to what a second lookup says (DNS rebinding)', async () => {
    // Local mode allows this machine: the name first resolves here, then to a private network.
    const resolve = resolver(['127.0.0.1'], ['10.0.0.7']);
    const sender = createWebhookSender({ secrets, resolve, allowLoopback: true, timeoutMs: 2000 });
    const first = await sender.send(webhook(`http://rebinding.example.com:${receiver.port}/dev/webhooks/jane-okafor`, 'hook-rebind-1'));
    expect(first).toEqual({ ok: true, value: { status: 204 } });
    expect(resolve.calls).toBe(1);
    const arrival = receiver.arrivals.find((a) => a.id === 'hook-rebind-1');
    expect(arrival?.event).toMatchObject({ type: 'referral.created', test: true });
    expect(arrival?.headers.host).toBe(`rebinding.example.com:${receiver.port}`);

    const second = await sender.send(webhook(`http://rebinding.example.com:${receiver.port}/dev/webhooks/jane-okafor`, 'hook-rebind-2'));
    expect(second).toMatchObject({ ok: false, error: { code: 'refused_address' } });
    expect(resolve.calls).toBe(2);
    expect(receiver.arrivals.find((a) => a.id === 'hook-rebind-2')).toBeUndefined();
  });

  it('does not sign without its secret, and says which variable is missing', async () => {
    const sender = createWebhookSender({ secrets: { WEBHOOK_SECRET_OTHER: null }, resolve: resolver(['127.0.0.1']), allowLoopback: true });
    expect(sender.secretState('WEBHOOK_SECRET_JANE_OKAFOR')).toBe('missing');
    expect(sender.secretState('WEBHOOK_SECRET_OTHER')).toBe('invalid');
    expect(await sender.send(webhook(`${receiver.url}/x`))).toMatchObject({ ok: false, error: { code: 'not_configured', retryable: true } });
  });

  it('keeps nothing a receiver says: a failure is a status code, never its body', async () => {
    receiver.fail({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2099 07:28:00 GMT' } }, 1);
    const result = await createWebhookSender({ secrets, allowLoopback: true }).send(webhook(`${receiver.url}/x`));
    receiver.recover();
    expect(result).toMatchObject({ ok: false, error: { code: 'http_503', status: 503, retryable: true, retryAfterSeconds: 6 * 3600 } });
    expect(JSON.stringify(result)).not.toContain('secret internal detail');
  });
});
