// Keys of the dashboard's sessions in the access store (`vouch-access`): sign-in links used,
// and what ends sessions. A session itself is a signed cookie, not a record.

import { z } from 'zod';

/** The access store's session keys, built here only. */
export const sessionKeys = {
  /** A sign-in link used (by its nonce): each works once. */
  usedSignIn: (nonce: string): string => `used/${nonce}`,
  /** One session signed out, by its id. */
  ended: (sessionId: string): string => `session-ended/${sessionId}`,
  /** A provider's "signed out everywhere" time, before which none of their sessions counts. */
  provider: (slug: string): string => `sessions/${slug}`,
};

/** What ends a provider's sessions: none issued before `notBefore` (ms since the epoch) counts. */
export type SessionsOf = { notBefore: number };

const StoredSessions = z.object({ notBefore: z.number() });

/**
 * A provider's "signed out everywhere" record as read back (nothing stored: no limit). One that
 * does not read as such ends every session, issued before or after: a session is never taken on
 * trust, and the next "sign out everywhere" writes a readable record again.
 */
export function asSessions(stored: unknown): SessionsOf | null {
  if (stored === null || stored === undefined) return null;
  const parsed = StoredSessions.safeParse(stored);
  return parsed.success ? parsed.data : { notBefore: Number.POSITIVE_INFINITY };
}
