import { pending } from '../deliver.ts';
import type { EmailContent } from '../email-content.ts';
import { optional } from '../optional.ts';
import type { OutboxMessage } from '../ports.ts';
import { emailPhotoOf, type ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { greetingName } from '../text.ts';
import type { Deps } from './deps.ts';
import { preferencesOf } from './referrer-preferences.ts';
import { referrerForgetPath, unsubscribePaths } from '../routes.ts';
import { asReferral } from './referral-record.ts';

type NoteStage = Extract<EmailContent, { template: 'referrer-milestone' }>['stage'];

/** The referee's first name as a referrer may see it: only with their consent, never once erased (DESIGN.md, etiquette 4). */
export const sharedFirstName = (referral: Referral): string | undefined =>
  referral.consent.shareFirstName && !referral.erasedAt ? greetingName(referral.referee.name) : undefined;

/** Loads a referral by id; one stored before referrals had stages reads as new, with no history. */
export async function loadReferral(deps: Pick<Deps, 'store'>, id: string): Promise<Referral | null> {
  if (!/^[0-9a-z-]{10,64}$/.test(id)) return null;
  const stored = await deps.store.get<Referral & { status?: string }>('referrals', `id/${id}`);
  return stored ? asReferral(stored) : null;
}

/** Loads a referral, or null when it does not exist or belongs to another provider. */
export async function referralOf(deps: Pick<Deps, 'store'>, provider: string, id: string): Promise<Referral | null> {
  const referral = await loadReferral(deps, id);
  return referral && referral.provider === provider ? referral : null;
}

/**
 * The short note a referrer gets when their referral moves on: a fixed phrase for the stage
 * (see the `referrer-milestone` template), the referee's first name only if they allowed it,
 * never anything else about them. None for a self-referral, a referral without a referrer, or
 * a referrer who stopped notes; each note carries a link and a one-click header to stop them.
 */
export async function referrerNote(
  deps: Pick<Deps, 'store' | 'clock' | 'tokens'>,
  referral: Referral,
  provider: ProviderEntry,
  stage: NoteStage,
  extra: { reason?: Referral['reason']; partnerName?: string } = {},
): Promise<OutboxMessage | null> {
  if (!referral.referrer || referral.selfReferral) return null;
  const [referrer, preferences] = await Promise.all([
    deps.store.get<Referrer>('referrers', `code/${referral.referrer}`),
    preferencesOf(deps, referral.referrer),
  ]);
  if (!referrer || !preferences.notes) return null;
  return pending(
    {
      key: `${referral.id}-note-${stage}`,
      provider: provider.slug,
      referral: referral.id,
      role: 'referrer',
      to: [referrer.email],
      content: {
        template: 'referrer-milestone',
        ...optional('referrerFirstName', greetingName(referrer.name)),
        providerName: provider.name,
        ...optional('providerPhoto', emailPhotoOf(provider)),
        stage,
        ...optional('reason', extra.reason),
        ...optional('refereeFirstName', sharedFirstName(referral)),
        ...optional('partnerName', extra.partnerName),
        ...optional('unsubscribe', unsubscribePaths(deps, referrer.code, 'notes')),
        ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
      },
    },
    deps.clock.now(),
  );
}

/** The referral after a step: its new stage, recorded in its history, with first contact timed. */
export function advance(
  referral: Referral,
  stage: Referral['stage'],
  by: 'provider' | 'referee',
  now: Date,
  changes: Partial<Referral> = {},
): Referral {
  const at = now.toISOString();
  const contacted = !referral.contactedAt && (stage === 'contacted' || stage === 'met' || stage === 'working');
  return {
    ...referral,
    ...changes,
    stage,
    ...(contacted ? { contactedAt: at } : {}),
    history: [...referral.history, { stage, at, by }],
    updatedAt: at,
  };
}
