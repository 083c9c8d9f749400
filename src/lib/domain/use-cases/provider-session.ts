import { z } from 'zod';
import { deliverSoon } from '../deliver.ts';
import { enqueue, pending } from '../records/outbox.ts';
import type { UseCaseError } from '../errors.ts';
import type { ProviderEntry } from '../provider.ts';
import { emailAddress } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { normaliseEmail } from '../addresses.ts';
import { dashboardSignInEmail } from '../emails/dashboard-sign-in.ts';
import { issueToken, openToken, TOKEN_LIFETIME_MS } from '../routes.ts';
import type { Deps } from '../deps.ts';
import { useCase, storageGuarded } from '../use-case.ts';
import { asSessions, sessionKeys, type SessionsOf } from '../records/sessions.ts';

/** What a provider sends to be emailed a sign-in link. */
export const SignInInput = z.strictObject({
  /** One of their notification addresses. */
  email: emailAddress,
});

/** A sign-in link's token, as its confirm page posts it. */
export const SessionInput = z.strictObject({ token: z.string({ error: 'This sign-in link is not valid.' }).max(600) });

const WINDOW_MS = 2 * 60_000;

/**
 * Emails a single-use sign-in link to an address, once per provider that lists it among
 * their notification addresses, at most once in two minutes. The answer is the same
 * whether or not the address is known.
 */
export const requestSignIn = useCase(SignInInput, async (deps: Deps, input): Promise<Result<{ accepted: true }, UseCaseError>> => {
  if (!deps.tokens.configured) return err({ code: 'not_configured' });
  const now = deps.clock.now();
  const address = normaliseEmail(input.email);
  const window = Math.floor(now.getTime() / WINDOW_MS);
  const messages = deps.directory
    .byAddress(address)
    .map((provider) => pending(dashboardSignInEmail(deps, `sign-in-${provider.slug}-${deps.ids.digest(address)}-${window}`, provider, address), now));
  await deliverSoon(deps, await enqueue(deps, messages));
  return ok({ accepted: true });
});

/** Which provider a sign-in link is for, without using it (the confirm page shows it). */
export function signInTarget(deps: Pick<Deps, 'tokens' | 'clock' | 'directory'>, token: unknown): Result<{ provider: string; name: string }, UseCaseError> {
  const opened = openToken(deps, token, 'sign-in');
  if (!opened.ok) return opened;
  const provider = deps.directory.get(opened.value.subject);
  return provider ? ok({ provider: provider.slug, name: provider.name }) : err({ code: 'not_found' });
}

/**
 * Uses a sign-in link: once only, within its lifetime. Answers a session token for a
 * signed, HttpOnly cookie, and when it ends.
 */
export const openSession = useCase(SessionInput, async (deps: Deps, input): Promise<Result<{ provider: string; session: string; expiresAt: Date }, UseCaseError>> => {
  const opened = openToken(deps, input.token, 'sign-in');
  if (!opened.ok) return opened;
  const provider = deps.directory.get(opened.value.subject);
  if (!provider || !opened.value.nonce) return err({ code: 'not_found' });
  const used = await deps.store.create('access', sessionKeys.usedSignIn(opened.value.nonce), { at: deps.clock.now().toISOString() });
  if (used === 'exists') return err({ code: 'used' });
  // The nonce is the session's id: what signing out ends on the server.
  const session = issueToken(deps, 'session', provider.slug, deps.ids.nonce());
  if (!session) return err({ code: 'not_configured' });
  return ok({ provider: provider.slug, session, expiresAt: new Date(deps.clock.now().getTime() + TOKEN_LIFETIME_MS.session) });
});

/** A session cookie's claims, if genuine, unexpired and with a session id, and its provider. */
function openSessionCookie(deps: Pick<Deps, 'tokens' | 'clock' | 'directory'>, cookie: string | undefined) {
  const opened = openToken(deps, cookie, 'session');
  if (!opened.ok || !opened.value.nonce) return null;
  const provider = deps.directory.get(opened.value.subject);
  if (!provider) return null;
  return { provider, sessionId: opened.value.nonce, issuedAt: opened.value.expiresAt - TOKEN_LIFETIME_MS.session };
}

/**
 * The provider a session cookie belongs to, or null when it is missing, forged, expired,
 * signed out, or older than the provider's last "sign out everywhere". Throws
 * `StorageUnavailable` when that cannot be read: a session is never taken on trust.
 */
export async function sessionProvider(deps: Pick<Deps, 'tokens' | 'clock' | 'directory' | 'store'>, cookie: string | undefined): Promise<ProviderEntry | null> {
  const session = openSessionCookie(deps, cookie);
  if (!session) return null;
  const [ended, sessions] = await Promise.all([
    deps.store.get('access', sessionKeys.ended(session.sessionId)),
    deps.store.get<unknown>('access', sessionKeys.provider(session.provider.slug)).then(asSessions),
  ]);
  if (ended || session.issuedAt < (sessions?.notBefore ?? 0)) return null;
  return session.provider;
}

/**
 * Signs out on the server: this session (by its id), or with `everywhere` every session of the
 * provider issued until now. A cookie that opens nothing needs nothing ended.
 */
export const endSession = storageGuarded(async (deps: Pick<Deps, 'tokens' | 'clock' | 'directory' | 'store'>, cookie: string | undefined, options: { everywhere: boolean }): Promise<Result<{ ended: boolean }, UseCaseError>> => {
  const session = openSessionCookie(deps, cookie);
  if (!session) return ok({ ended: false });
  const now = deps.clock.now().getTime();
  await Promise.all([
    deps.store.create('access', sessionKeys.ended(session.sessionId), { at: new Date(now).toISOString() }),
    options.everywhere
      ? deps.store.update<SessionsOf>('access', sessionKeys.provider(session.provider.slug), (stored) => {
          const current = asSessions(stored);
          return current && Number.isFinite(current.notBefore) && current.notBefore >= now ? null : { notBefore: now };
        },
        )
      : null,
  ]);
  return ok({ ended: true });
});
