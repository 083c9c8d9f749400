import { Resend } from 'resend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseWebhook, verifyWebhook, type WebhookHeaders } from '../../src/lib/adapters/resend-webhook.ts';
import { bounceOf, emailEvent, sign, WEBHOOK_SECRET } from '../support/webhooks.ts';

const now = new Date('2030-03-04T09:30:00.000Z');
const seconds = Math.floor(now.getTime() / 1000);
const body = bounceOf('zeb@example.net');
const bytes = (text: string) => new TextEncoder().encode(text);

const headers = (overrides: Partial<WebhookHeaders> = {}, at = seconds): WebhookHeaders => ({
  id: 'msg_2pQ7',
  timestamp: String(at),
  signature: sign(body, 'msg_2pQ7', at),
  ...overrides,
});
const verify = (h: WebhookHeaders, text = body, secret = WEBHOOK_SECRET) => verifyWebhook(bytes(text), h, secret);

describe('verifyWebhook', () => {
  // The Standard Webhooks library reads the time itself.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts a body signed with the secret, now', () => {
    expect(verify(headers())).toEqual({ ok: true, value: undefined });
  });

  it("signs as Resend does: the SDK's own verifier accepts the test signatures", () => {
    const at = Math.floor(Date.now() / 1000);
    const signature = sign(body, 'msg_2pQ7', at);
    const event = new Resend('re_test').webhooks.verify({
      payload: body,
      headers: { id: 'msg_2pQ7', timestamp: String(at), signature },
      webhookSecret: WEBHOOK_SECRET,
    });
    expect(event).toMatchObject({ type: 'email.bounced' });
    expect(verifyWebhook(bytes(body), { id: 'msg_2pQ7', timestamp: String(at), signature }, WEBHOOK_SECRET)).toMatchObject({ ok: true });
  });

  it('refuses a signature made with another secret', () => {
    const other = `whsec_${Buffer.from('someone-else-s-webhook-secret-32').toString('base64')}`;
    expect(verify(headers({ signature: sign(body, 'msg_2pQ7', seconds, other) }))).toEqual({ ok: false, error: 'no_matching_signature' });
  });

  it('refuses a body changed after signing, even by one character', () => {
    expect(verify(headers(), body.replace('zeb@', 'zed@'))).toEqual({ ok: false, error: 'no_matching_signature' });
  });

  it('refuses a signature moved to another message id', () => {
    expect(verify(headers({ id: 'msg_other' }))).toEqual({ ok: false, error: 'no_matching_signature' });
  });

  it.each([
    ['more than five minutes old', seconds - 301],
    ['more than five minutes ahead', seconds + 301],
  ])('refuses a genuine signature %s', (_, at) => {
    expect(verify(headers({}, at))).toEqual({ ok: false, error: 'stale_timestamp' });
  });

  it.each([
    ['five minutes old', seconds - 300],
    ['five minutes ahead', seconds + 300],
  ])('accepts a timestamp just %s', (_, at) => {
    expect(verify(headers({}, at))).toMatchObject({ ok: true });
  });

  it('accepts any one valid signature among several (a secret being rotated)', () => {
    const valid = sign(body, 'msg_2pQ7', seconds);
    const stale = sign(body, 'msg_2pQ7', seconds, `whsec_${Buffer.from('the-previous-webhook-secret-key!').toString('base64')}`);
    expect(verify(headers({ signature: `${stale} v2,${valid.slice(3)} ${valid}` }))).toMatchObject({ ok: true });
    expect(verify(headers({ signature: `${stale} v2,${valid.slice(3)}` }))).toEqual({ ok: false, error: 'no_matching_signature' });
  });

  it.each([
    ['no id', { id: null }],
    ['no timestamp', { timestamp: null }],
    ['no signature', { signature: null }],
    ['an empty signature', { signature: '' }],
    ['a timestamp that is not a number', { timestamp: '2030-03-04T09:30:00Z' }],
    ['a timestamp in exponent notation', { timestamp: '1e12' }],
    ['an id longer than any real one', { id: 'x'.repeat(300) }],
  ])('refuses headers with %s', (_, overrides) => {
    expect(verify(headers(overrides as Partial<WebhookHeaders>))).toEqual({ ok: false, error: 'malformed_headers' });
  });

  it.each([
    ['no version', 'c2lnbmF0dXJl'],
    ['a version but no value', 'v1,'],
    ['a value that is not base64 of a digest', 'v1,not-a-signature'],
  ])('refuses a signature with %s', (_, signature) => {
    expect(verify(headers({ signature }))).toEqual({ ok: false, error: 'no_matching_signature' });
  });
});

describe('parseWebhook', () => {
  it('reads a bounce: the email, its one recipient, when, and the bounce type', () => {
    const parsed = parseWebhook(bytes(bounceOf('Zeb Quill <zeb@example.net>')));
    expect(parsed).toMatchObject({
      kind: 'event',
      event: { kind: 'bounced', recipients: ['zeb@example.net'], bounceType: 'Permanent', bounceSubType: 'General' },
    });
    if (parsed.kind === 'event') expect(Date.parse(parsed.event.at)).not.toBeNaN();
  });

  it('reads a complaint', () => {
    expect(parseWebhook(bytes(emailEvent('email.complained', ['zeb@example.net'])))).toMatchObject({
      kind: 'event',
      event: { kind: 'complained', recipients: ['zeb@example.net'] },
    });
  });

  it.each(['email.delivered', 'email.opened', 'email.sent', 'contact.created'])('ignores %s', (type) => {
    expect(parseWebhook(bytes(emailEvent(type, ['zeb@example.net'])))).toEqual({ kind: 'ignored', type });
  });

  it.each([
    ['not JSON', bytes('{"type":"email.bounced",'), 'invalid_json'],
    ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x7b]), 'invalid_json'],
    ['JSON without a type', bytes('{"data":{}}'), 'invalid_event'],
    ['a bounce without an email id', bytes(JSON.stringify({ type: 'email.bounced', created_at: '2030-03-04T09:30:00Z', data: { to: ['a@example.net'] } })), 'invalid_event'],
    ['a complaint without recipients', bytes(JSON.stringify({ type: 'email.complained', created_at: '2030-03-04T09:30:00Z', data: { email_id: 'e', to: [] } })), 'invalid_event'],
  ])('refuses %s', (_, raw, kind) => {
    expect(parseWebhook(raw)).toEqual({ kind });
  });
});
