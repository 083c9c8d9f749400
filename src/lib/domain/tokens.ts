// Signed tokens: what one says, the port that signs and verifies them (the adapter holds the
// secret), and how long each purpose's links work. It imports only the names of a clock and a
// result, so that it sits at the bottom of the domain: every signed link (routes.ts), and so
// every email's builder, stands on it without lengthening a chain of imports.
import type { Result } from './result.ts';
import type { Clock } from './time.ts';

/** What a token in a link is for; a token of one purpose never opens another's door. */
export type TokenPurpose = 'act' | 'respond' | 'referrer' | 'sign-in' | 'session' | 'unsubscribe' | 'erase-referrer' | 'form';

/** What a signed token says: its purpose, what it is bound to, and until when. */
export type TokenClaims = {
  purpose: TokenPurpose;
  /** What the token is bound to, e.g. "jane-okafor/<referral id>". */
  subject: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Makes a single-use token unique. */
  nonce?: string;
};

/** Signs and verifies tokens with the site's secret; comparisons are constant-time. */
export interface Tokens {
  /** Whether a secret is configured; without one nothing is signed. */
  readonly configured: boolean;
  /** A signed token, or null when no signing secret is configured (links that need one are then left out). */
  sign(claims: TokenClaims): string | null;
  /** The claims of a token whose signature holds, or null (forged, malformed, or no secret). Expiry is checked by the caller. */
  verify(token: string): TokenClaims | null;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long a link of each purpose works. Action links outlive a slow engagement; sign-in links are short. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  act: 180 * DAY,
  respond: 60 * DAY,
  referrer: 180 * DAY,
  'sign-in': 20 * 60_000,
  session: 12 * HOUR,
  // An unsubscribe link must still work when an old note is found in an archive.
  unsubscribe: 365 * DAY,
  // In every email to a referrer, however old: it should outlive the last note they may keep.
  'erase-referrer': 730 * DAY,
  // A form's "shown at" stamp: a form left open longer is sent again with a fresh one.
  form: DAY,
};

/** Why a token was not accepted: `not_found` for anything forged or for another door, `expired` when it was genuine. */
export type TokenError = { code: 'not_found' } | { code: 'expired' };

/** A signed token for a purpose and subject, valid from now for its purpose's lifetime; null without a secret. */
export function issueToken(
  deps: { tokens: Tokens; clock: Clock },
  purpose: TokenPurpose,
  subject: string,
  nonce?: string,
): string | null {
  const expiresAt = deps.clock.now().getTime() + TOKEN_LIFETIME_MS[purpose];
  return deps.tokens.sign({ purpose, subject, expiresAt, ...(nonce ? { nonce } : {}) });
}

/** Opens a token for one purpose: its claims if genuine, for that purpose, and not expired. */
export function openToken(
  deps: { tokens: Tokens; clock: Clock },
  token: unknown,
  purpose: TokenPurpose,
): Result<TokenClaims, TokenError> {
  if (typeof token !== 'string' || token.length > 600) return { ok: false, error: { code: 'not_found' } };
  const claims = deps.tokens.verify(token);
  if (!claims || claims.purpose !== purpose) return { ok: false, error: { code: 'not_found' } };
  if (claims.expiresAt <= deps.clock.now().getTime()) return { ok: false, error: { code: 'expired' } };
  return { ok: true, value: claims };
}
