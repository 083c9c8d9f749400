import type { UseCaseError } from '../errors.ts';
import type { Clock, Tokens } from '../ports.ts';
import { ok, type Result } from '../result.ts';
import { issueToken, openToken } from '../tokens.ts';

type Signing = { tokens: Tokens; clock: Clock };

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
