import { createTokens } from '../adapters/tokens.ts';
import { TOKEN_LIFETIME_MS } from '../domain/routes.ts';

/** A field people never see (hidden by CSS); a bot that fills every field fills it. */
export const TRAP_FIELD = 'vouch_website';
/** When the form was shown, signed, so that a post seconds later can be told from a person's. */
export const STAMP_FIELD = 'vouch_shown';

/** How long a shown form's stamp stays good: a form left open longer is asked to be sent again with a fresh one. */
export const STAMP_MAX_AGE_SECONDS = TOKEN_LIFETIME_MS.form / 1000;

/** What every stamp is bound to: a stamp says when a form was shown, not which. */
const STAMP_SUBJECT = 'form';

/** A signed time stamp for a form shown now: a token of the links' own scheme, for the `form` purpose only. */
export const stampFor = (now: Date, secret: string): string =>
  createTokens(secret).sign({ purpose: 'form', subject: STAMP_SUBJECT, expiresAt: now.getTime() + STAMP_MAX_AGE_SECONDS * 1000 }) ?? '';

/** What the guard concluded about a form post. */
export type Guarded =
  | { verdict: 'person'; fields: Record<string, unknown> }
  /** The trap was filled: answer as if it worked, store nothing. */
  | { verdict: 'bot' }
  /** Posted faster than a person types, or with no valid stamp: ask them to send again. */
  | { verdict: 'too_fast'; fields: Record<string, unknown> }
  /** The stamp is genuine but older than its maximum age (or from the future): ask them to send again with a fresh one. */
  | { verdict: 'stale'; fields: Record<string, unknown> };

/** Whether a genuine stamp's time is still good at `now`: not older than the maximum age, not ahead of now by more than a minute of clock skew. */
export const stampFresh = (shown: number, now: Date, maxAgeSeconds = STAMP_MAX_AGE_SECONDS): boolean =>
  now.getTime() - shown <= maxAgeSeconds * 1000 && shown - now.getTime() <= 60_000;

/** The time (ms) in a stamp whose signature holds, or null. */
export function stampTime(stamp: unknown, secret: string): number | null {
  if (typeof stamp !== 'string' || stamp.length > 100) return null;
  const claims = createTokens(secret).verify(stamp);
  if (!claims || claims.purpose !== 'form' || claims.subject !== STAMP_SUBJECT) return null;
  return claims.expiresAt - STAMP_MAX_AGE_SECONDS * 1000;
}

/**
 * Checks a plain HTML form post for signs of a bot, without JavaScript on the person's
 * side: the trap field must be empty and the form must have been shown at least
 * `minSeconds` before, and at most `maxAgeSeconds` (a day) before, so that one stamp cannot be
 * reused for ever. A person who is told "too fast" or "stale" just presses Send again.
 */
export function guardForm(
  fields: Record<string, unknown>,
  options: { now: Date; secret: string; minSeconds: number; maxAgeSeconds?: number },
): Guarded {
  const { [TRAP_FIELD]: trap, [STAMP_FIELD]: stamp, ...rest } = fields;
  if (typeof trap === 'string' && trap.trim() !== '') return { verdict: 'bot' };
  const shown = stampTime(stamp, options.secret);
  if (shown === null) return { verdict: 'too_fast', fields: rest };
  if (!stampFresh(shown, options.now, options.maxAgeSeconds)) return { verdict: 'stale', fields: rest };
  if (options.now.getTime() - shown < options.minSeconds * 1000) return { verdict: 'too_fast', fields: rest };
  return { verdict: 'person', fields: rest };
}
