// Keys of the dashboard's sessions in the access store (`vouch-access`): sign-in links used,
// and what ends sessions. A session itself is a signed cookie, not a record.

/** The access store's session keys, built here only. */
export const sessionKeys = {
  /** A sign-in link used (by its nonce): each works once. */
  usedSignIn: (nonce: string): string => `used/${nonce}`,
  /** One session signed out, by its id. */
  ended: (sessionId: string): string => `session-ended/${sessionId}`,
  /** A provider's "signed out everywhere" time, before which none of their sessions counts. */
  provider: (slug: string): string => `sessions/${slug}`,
};
