import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TokenClaims, TokenPurpose, Tokens } from '../domain/routes.ts';

/** Purposes by their one-byte number in a compact token; the order is part of the format: append only. */
const PURPOSES: readonly TokenPurpose[] = ['act', 'respond', 'referrer', 'sign-in', 'session', 'unsubscribe', 'erase-referrer', 'form'];
/** Purposes the earlier JSON form was ever signed for (form stamps came after it). */
const legacyPurposes = new Set<string>(PURPOSES.filter((purpose) => purpose !== 'form'));

/** Bytes of HMAC-SHA256 a compact token keeps: 128 bits, as anything that must be unguessable needs (ARCHITECTURE.md, "Tokens"). */
const MAC_BYTES = 16;
const VERSION = 0x20;

/** A referral id as the id source makes them: 9 base-36 characters of time, then 20 hex digits. */
const REFERRAL_ID = /^[0-9a-z]{9}[0-9a-f]{20}$/;
/** 16 random bytes in canonical base64url (referrer codes, nonces). */
const CODE = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-';

/** Canonical base64url: only the alphabet, no padding, unused trailing bits zero (so one token has one spelling). */
export function decodeBase64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

const referralBytes = (id: string): Buffer => {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(parseInt(id.slice(0, 9), 36), 0, 6);
  bytes.write(id.slice(9), 6, 'hex');
  return bytes;
};
const referralText = (bytes: Buffer): string => `${bytes.readUIntBE(0, 6).toString(36).padStart(9, '0')}${bytes.subarray(6, 16).toString('hex')}`;

/** A slug as a base-38 number (digits 1–37, so no leading character is lost), length-prefixed. */
function slugBytes(slug: string): Buffer {
  let value = 0n;
  for (const char of slug) value = value * 38n + BigInt(SLUG_ALPHABET.indexOf(char) + 1);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.of(bytes.length), bytes]);
}
function readSlug(bytes: Buffer, at: number): [string, number] | null {
  const length = bytes[at];
  if (length === undefined || length === 0 || at + 1 + length > bytes.length) return null;
  let value = BigInt(`0x${bytes.subarray(at + 1, at + 1 + length).toString('hex')}`);
  let slug = '';
  while (value > 0n) {
    const digit = Number(value % 38n);
    if (digit === 0) return null;
    slug = SLUG_ALPHABET[digit - 1] + slug;
    value /= 38n;
  }
  return SLUG.test(slug) ? [slug, at + 1 + length] : null;
}

/** How a subject is packed: its shape's tag, then its bytes. Anything unrecognised travels as length-prefixed UTF-8. */
function packSubject(subject: string): Buffer {
  if (REFERRAL_ID.test(subject)) return Buffer.concat([Buffer.of(1), referralBytes(subject)]);
  if (CODE.test(subject)) return Buffer.concat([Buffer.of(2), Buffer.from(subject, 'base64url')]);
  const [slug = '', referral = '', extra] = subject.split('/');
  if (extra === undefined && SLUG.test(slug) && REFERRAL_ID.test(referral) && slug.length <= 64) return Buffer.concat([Buffer.of(3), slugBytes(slug), referralBytes(referral)]);
  if (SLUG.test(subject) && subject.length <= 64) return Buffer.concat([Buffer.of(4), slugBytes(subject)]);
  const utf8 = Buffer.from(subject, 'utf8');
  if (utf8.length > 255) throw new Error('A token subject is at most 255 bytes.');
  return Buffer.concat([Buffer.of(0, utf8.length), utf8]);
}
function readSubject(bytes: Buffer, at: number): [string, number] | null {
  const tag = bytes[at];
  const from = at + 1;
  const take = (length: number): Buffer | null => (from + length <= bytes.length ? bytes.subarray(from, from + length) : null);
  switch (tag) {
    case 0: {
      const length = bytes[from];
      if (length === undefined || from + 1 + length > bytes.length) return null;
      return [bytes.subarray(from + 1, from + 1 + length).toString('utf8'), from + 1 + length];
    }
    case 1: {
      const id = take(16);
      return id ? [referralText(id), from + 16] : null;
    }
    case 2: {
      const code = take(16);
      return code ? [code.toString('base64url'), from + 16] : null;
    }
    case 3: {
      const slug = readSlug(bytes, from);
      if (!slug) return null;
      const id = slug[1] + 16 <= bytes.length ? bytes.subarray(slug[1], slug[1] + 16) : null;
      return id ? [`${slug[0]}/${referralText(id)}`, slug[1] + 16] : null;
    }
    case 4:
      return readSlug(bytes, from);
    default:
      return null;
  }
}

/**
 * Compact tokens: one base64url string of purpose, expiry (ms, 6 bytes), the subject packed by
 * its shape (a referral id or a 16-byte code in 16 bytes), an optional nonce, then the first 16
 * bytes of HMAC-SHA256 over all of it, under a key derived from VOUCH_SECRET for tokens only.
 * A link with one is about 60 characters shorter than with JSON claims, so every link in an
 * email stays within 120. Tokens of the earlier `<base64url JSON>.<signature>` form still open
 * until they expire. Without a secret nothing is signed and nothing verifies: a token anyone
 * could forge is worse than none.
 */
export function createTokens(secret: string | undefined): Tokens {
  const key = secret ? createHmac('sha256', secret).update('vouch tokens v1').digest() : undefined;
  const mac = (body: Buffer | string) => createHmac('sha256', key!).update(body).digest();
  return {
    configured: key !== undefined,
    sign(claims) {
      if (!key) return null;
      const purpose = PURPOSES.indexOf(claims.purpose);
      if (purpose < 0 || !Number.isSafeInteger(claims.expiresAt) || claims.expiresAt < 0 || claims.expiresAt >= 2 ** 48) throw new Error('Token claims out of range.');
      const expiry = Buffer.alloc(6);
      expiry.writeUIntBE(claims.expiresAt, 0, 6);
      const nonce = claims.nonce === undefined ? [] : [packSubject(claims.nonce)];
      const body = Buffer.concat([Buffer.of(VERSION | purpose | (claims.nonce === undefined ? 0 : 0x08)), expiry, packSubject(claims.subject), ...nonce]);
      return Buffer.concat([body, mac(body).subarray(0, MAC_BYTES)]).toString('base64url');
    },
    verify(token) {
      if (!key) return null;
      return token.includes('.') ? verifyLegacy(token, mac) : verifyCompact(token, mac);
    },
  };
}

function verifyCompact(token: string, mac: (body: Buffer) => Buffer): TokenClaims | null {
  const bytes = decodeBase64url(token);
  if (!bytes || bytes.length < 1 + 6 + 2 + MAC_BYTES) return null;
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(bytes.subarray(bytes.length - MAC_BYTES), mac(body).subarray(0, MAC_BYTES))) return null;
  const head = body[0]!;
  const purpose = PURPOSES[head & 0x07];
  if ((head & 0xf0) !== VERSION || !purpose) return null;
  const expiresAt = body.readUIntBE(1, 6);
  const subject = readSubject(body, 7);
  if (!subject) return null;
  let end = subject[1];
  let nonce: string | undefined;
  if (head & 0x08) {
    const read = readSubject(body, end);
    if (!read) return null;
    [nonce, end] = read;
  }
  if (end !== body.length) return null;
  return { purpose, subject: subject[0], expiresAt, ...(nonce === undefined ? {} : { nonce }) };
}

/** The earlier form, `<base64url JSON claims>.<base64url HMAC-SHA256>`, still in emails already sent. */
function verifyLegacy(token: string, mac: (body: string) => Buffer): TokenClaims | null {
  const [body = '', signature = '', extra] = token.split('.');
  if (extra !== undefined || !body || !signature) return null;
  const given = decodeBase64url(signature);
  const claimsBytes = decodeBase64url(body);
  if (!given || !claimsBytes) return null;
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(claimsBytes.toString('utf8')) as Partial<TokenClaims>;
    if (!legacyPurposes.has(claims.purpose as string) || typeof claims.subject !== 'string' || typeof claims.expiresAt !== 'number') return null;
    return claims as TokenClaims;
  } catch {
    return null;
  }
}
