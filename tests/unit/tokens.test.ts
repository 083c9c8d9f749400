import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { createIds, systemClock } from '../../src/lib/adapters/ids.ts';
import { openToken } from '../../src/lib/domain/routes.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';

describe('signed tokens', () => {
  const tokens = createTokens(TEST_SECRET);
  const clock = { now: () => new Date('2030-01-01T00:00:00Z') };
  const deps = { tokens, clock };
  const claims = { purpose: 'act' as const, subject: 'jane-okafor/r1', expiresAt: Date.parse('2030-02-01T00:00:00Z') };

  it('open for their own purpose until they expire', () => {
    const token = tokens.sign(claims)!;
    expect(openToken(deps, token, 'act')).toEqual({ ok: true, value: claims });
    expect(openToken({ tokens, clock: { now: () => new Date('2030-02-01T00:00:00Z') } }, token, 'act')).toEqual({ ok: false, error: { code: 'expired' } });
    expect(openToken(deps, token, 'respond')).toEqual({ ok: false, error: { code: 'not_found' } });
  });

  it('do not open when forged, altered, signed with another secret, malformed, or when no secret is set', () => {
    const token = tokens.sign(claims)!;
    const bytes = Buffer.from(token, 'base64url');
    const flipped = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x01;
      return copy.toString('base64url');
    };
    for (const bad of [
      flipped(0), // the purpose
      flipped(3), // the expiry
      flipped(10), // the subject
      flipped(bytes.length - 1), // the signature
      createTokens('another-secret-another-secret-000').sign(claims)!,
      token.slice(0, -1),
      `${token}.extra`,
      `${token}!!`,
      `${token}=`,
      ` ${token}`,
      `${token}\n`,
      '',
      'x'.repeat(700),
    ]) {
      expect(openToken(deps, bad, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
    const unsigned = createTokens(undefined);
    expect(unsigned.configured).toBe(false);
    expect(unsigned.sign(claims)).toBeNull();
    expect(unsigned.verify(token)).toBeNull();
  });

  it('open only when spelled canonically: junk after the signature, or spare trailing bits, is refused', () => {
    const token = tokens.sign(claims)!;
    // The last character carries spare bits: another letter with the same meaningful bits decodes to the same bytes.
    const last = token.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const spare = token.length % 4 === 2 ? 15 : token.length % 4 === 3 ? 3 : 0;
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    if (spare > 0) {
      const variant = `${token.slice(0, -1)}${sibling}`;
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
      expect(openToken(deps, variant, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
    for (const junk of ['!!', '~', '%20', '==', '*']) expect(openToken(deps, `${token}${junk}`, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
  });

  it('keep opening tokens of the earlier JSON form, canonically spelled only', () => {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const key = createHmac('sha256', TEST_SECRET).update('vouch tokens v1').digest();
    const signature = createHmac('sha256', key).update(body).digest('base64url');
    expect(openToken(deps, `${body}.${signature}`, 'act')).toEqual({ ok: true, value: claims });
    for (const bad of [`${body}.${signature}!!`, `${body}.${signature}=`, `${body}!.${signature}`, `${body}.${signature.slice(0, -1)}`]) {
      expect(openToken(deps, bad, 'act')).toEqual({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('are short: a real action link and a sign-in link stay within 120 characters with a production address', () => {
    const ids = createIds(systemClock);
    const base = 'https://referrals.example.com';
    const now = Date.now();
    const act = tokens.sign({ purpose: 'act', subject: `jane-okafor/${ids.referralId()}`, expiresAt: now + 180 * 86_400_000 })!;
    const signIn = tokens.sign({ purpose: 'sign-in', subject: 'jane-okafor', expiresAt: now + 1_200_000, nonce: ids.nonce() })!;
    const me = tokens.sign({ purpose: 'referrer', subject: ids.referrerCode(), expiresAt: now + 180 * 86_400_000 })!;
    for (const url of [`${base}/act/${act}/?do=hand-on`, `${base}/dashboard/sign-in/${signIn}/`, `${base}/me/${me}/`]) expect(url.length).toBeLessThanOrEqual(120);
    expect(tokens.verify(signIn)?.nonce).toBeDefined();
  });

  it('round-trip every shape of subject, nonce and purpose', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('act', 'respond', 'referrer', 'sign-in', 'session', 'unsubscribe', 'erase-referrer'),
        fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('jane-okafor', `jane-okafor/${createIds(systemClock).referralId()}`, createIds(systemClock).referrerCode())),
        fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constant(createIds(systemClock).nonce())), { nil: undefined }),
        fc.integer({ min: 0, max: 2 ** 47 }),
        (purpose, subject, nonce, expiresAt) => {
          const claims = { purpose, subject, expiresAt, ...(nonce === undefined ? {} : { nonce }) };
          expect(tokens.verify(tokens.sign(claims)!)).toEqual(claims);
        },
      ),
    );
  });
});
