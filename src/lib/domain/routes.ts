// Every path of the site, built in one place: the public pages, the personal and signed ones,
// and which of them crawlers must keep out of (robots.txt and the sitemap read it from here).
// Signed paths carry a token (`issueToken`): what one says, the port that signs and verifies it
// (the adapter holds the secret) and how long each purpose's links work are here too. Without a
// signing secret there is no signed link.
import type { UseCaseError } from './errors.ts';
import { ok, type Result } from './result.ts';
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


/** What signing a link needs. */
export type Signing = { tokens: Tokens; clock: Clock };

/** Paths that need no token: pages anyone may open, and the personal pages named by a link's code. */
export const paths = {
  /** The directory of providers. */
  directory: (): string => '/',
  /** A provider's page. */
  provider: (slug: string): string => `/p/${slug}/`,
  /** What a person sees after asking for their personal link. */
  linkSent: (slug: string): string => `/p/${slug}/link-sent/`,
  /** What a referee sees after sending a referral. */
  thanks: (slug: string): string => `/p/${slug}/thanks/`,
  /** The privacy notice. */
  privacy: (): string => '/privacy/',
  /** A provider's link preview image (1200×630 PNG, built with the site). */
  previewImage: (slug: string): string => `/og/${slug}.png`,
  /** The page shown for anything unknown. */
  notFound: (): string => '/not-found/',
  /** A referrer's personal link, e.g. "/r/<code>". */
  personalLink: (code: string): string => `/r/${code}`,
  /** The page where a referrer shares their personal link, e.g. "/share/<code>/". */
  sharePage: (code: string): string => `/share/${code}/`,
  /** The printable card with the QR code of a personal link. */
  shareCard: (code: string): string => `/share/${code}/card/`,
  /** The referral form's page, where a form posted without JavaScript lands. */
  referForm: (slug: string): string => `/refer/${slug}/`,
  /** The personal-link form's page, where a form posted without JavaScript lands. */
  linkForm: (slug: string): string => `/link/${slug}/`,
  /** The provider's dashboard. */
  dashboard: (): string => '/dashboard/',
  /** One referral on the dashboard. */
  dashboardReferral: (id: string): string => `/dashboard/referrals/${id}/`,
  /** A JSON endpoint, e.g. "/api/referrals". */
  api: (name: string): string => `/api/${name}`,
  /** The local mailbox (only while emails go there). */
  mailbox: (): string => '/dev/mailbox/',
  /** Previews of every email (only while emails go to the local mailbox). */
  emailPreviews: (): string => '/dev/emails/',
  /** The local webhook receiver's page: what was posted, and whether each signature holds (only while emails go to the local mailbox). */
  devWebhooks: (): string => '/dev/webhooks/',
  /** Where, in local mode, a provider's webhooks are posted instead of their endpoint. */
  devWebhookReceiver: (slug: string): string => `/dev/webhooks/${slug}`,
};

/**
 * Paths crawlers are asked to stay out of: personal pages, forms, signed links, the API and the
 * local mailbox. Every path above or below that is not public starts with one of these.
 */
export const privatePrefixes = ['/r/', '/share/', '/refer/', '/link/', '/dashboard/', '/me/', '/act/', '/respond/', '/forget/', '/unsubscribe/', '/api/', '/dev/'] as const;

/** The pages search engines may list: the directory, each provider's page, the privacy notice. */
export const publicPaths = (slugs: readonly string[]): string[] => [paths.directory(), ...slugs.map(paths.provider), paths.privacy()];

/** The referral a provider acts on, and whose it is: what an action token is bound to. */
export type ActionTarget = { provider: string; referral: string };

/** Resolves an action link's token to the referral it is bound to (see `actionsPath`). */
export function actionTarget(deps: Signing, token: unknown): Result<ActionTarget, UseCaseError> {
  const opened = openToken(deps, token, 'act');
  if (!opened.ok) return opened;
  const [provider = '', referral = ''] = opened.value.subject.split('/');
  return ok({ provider, referral });
}

/** Path of the one-click milestone page for a provider's referral, "/act/<token>/"; undefined without a signing secret. */
export function actionsPath(deps: Signing, provider: string, referral: string): string | undefined {
  const token = issueToken(deps, 'act', `${provider}/${referral}`);
  return token ? `/act/${token}/` : undefined;
}

/** Path of the page where a referee answers (withdraws, erases, accepts a hand-off), "/respond/<token>/"; undefined without a signing secret. */
export function respondPath(deps: Signing, referral: string): string | undefined {
  const token = issueToken(deps, 'respond', referral);
  return token ? `/respond/${token}/` : undefined;
}

/** Path of a referrer's own page, "/me/<key>/"; undefined without a signing secret. */
export function referrerPagePath(deps: Signing, code: string): string | undefined {
  const token = issueToken(deps, 'referrer', code);
  return token ? `/me/${token}/` : undefined;
}

/** Path of the page where a referrer has their name and address erased, e.g. "/forget/<token>/"; undefined without a signing secret. */
export function referrerForgetPath(deps: Signing, code: string): string | undefined {
  const token = issueToken(deps, 'erase-referrer', code);
  return token ? `/forget/${token}/` : undefined;
}

/** Path of a provider's one-time dashboard sign-in link, "/dashboard/sign-in/<token>/"; undefined without a signing secret. */
export function signInPath(deps: Signing, provider: string, nonce: string): string | undefined {
  const token = issueToken(deps, 'sign-in', provider, nonce);
  return token ? `/dashboard/sign-in/${token}/` : undefined;
}

/**
 * The unsubscribe paths in a referrer's emails, or undefined without a signing secret: the
 * page that asks what to stop, and the one-click endpoint (RFC 8058) for the List-Unsubscribe
 * header, which stops what `stop` says (`notes`, or `all`).
 */
export function unsubscribePaths(deps: Signing, code: string, stop: 'notes' | 'all'): { pagePath: string; oneClickPath: string } | undefined {
  const token = issueToken(deps, 'unsubscribe', code);
  if (!token) return undefined;
  return { pagePath: `/unsubscribe/${token}/`, oneClickPath: `${paths.api('unsubscribe')}?token=${token}${stop === 'all' ? '&stop=all' : ''}` };
}
