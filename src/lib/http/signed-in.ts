import type { Deps } from '../domain/deps.ts';
import { StorageUnavailable } from '../domain/ports.ts';
import type { ProviderEntry } from '../domain/provider.ts';
import { sessionProvider } from '../domain/use-cases/provider-session.ts';
import { cookieOf, SESSION_COOKIE } from './session.ts';
import { json } from './submission.ts';

/**
 * The provider a dashboard function's request is signed in as (its session cookie), or the
 * answer to give instead: 401 without a session that holds, 503 when storage cannot say.
 */
export async function signedInProvider(deps: Deps, req: Request): Promise<{ provider: ProviderEntry } | { answer: Response }> {
  try {
    const provider = await sessionProvider(deps, cookieOf(req, SESSION_COOKIE));
    return provider ? { provider } : { answer: json(401, { error: { code: 'signed_out', message: 'Please sign in to your dashboard.' } }) };
  } catch (error) {
    if (error instanceof StorageUnavailable) return { answer: json(503, { error: { code: 'unavailable', message: 'Please try again in a minute.' } }) };
    throw error;
  }
}
