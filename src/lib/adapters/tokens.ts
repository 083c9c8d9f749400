import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenClaims, Tokens } from '../domain/ports.ts';

const purposes = new Set(['act', 'respond', 'referrer', 'sign-in', 'session', 'unsubscribe', 'erase-referrer']);

/**
 * Tokens as `<claims>.<signature>`: base64url JSON, then its HMAC-SHA256 under a key derived
 * from VOUCH_SECRET for tokens only (the form guard signs with another). Without a secret
 * nothing is signed and nothing verifies: a token anyone could forge is worse than none.
 */
export function createTokens(secret: string | undefined): Tokens {
  const key = secret ? createHmac('sha256', secret).update('vouch tokens v1').digest() : undefined;
  const mac = (body: string) => createHmac('sha256', key!).update(body).digest();
  return {
    configured: key !== undefined,
    sign(claims) {
      if (!key) return null;
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token) {
      if (!key) return null;
      const [body = '', signature = '', extra] = token.split('.');
      if (extra !== undefined || !body || !signature) return null;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      try {
        const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
        if (!purposes.has(claims.purpose as string) || typeof claims.subject !== 'string' || typeof claims.expiresAt !== 'number') return null;
        return claims as TokenClaims;
      } catch {
        return null;
      }
    },
  };
}
