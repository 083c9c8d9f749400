/** The provider dashboard's session cookie: a signed token, never readable by scripts. */
export const SESSION_COOKIE = 'vouch_session';

/** `Secure` whenever the site is served over HTTPS (browsers refuse it on plain local HTTP addresses). */
const secureFor = (url: string) => (new URL(url).protocol === 'https:' ? '; Secure' : '');

/** The Set-Cookie value that starts a session at `now` until `expiresAt`. */
export const sessionCookie = (session: string, expiresAt: Date, url: string, now: Date): string =>
  `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000))}${secureFor(url)}`;

/** The Set-Cookie value that ends a session. */
export const endedSessionCookie = (url: string): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secureFor(url)}`;

/** A cookie's value from a request's Cookie header. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Splits a link's token off the fields a form or JSON body carries. */
export function tokenAndFields(fields: Record<string, unknown>): { token: unknown; fields: Record<string, unknown> } {
  const { token, ...rest } = fields;
  return { token, fields: rest };
}
