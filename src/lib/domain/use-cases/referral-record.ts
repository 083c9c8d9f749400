import type { Referral } from '../referral.ts';
import type { Deps } from './deps.ts';
import { noteRetentionChange } from './due-keys.ts';
import { noteReferralChange } from './provider-index.ts';

/** What an erased referral keeps of its referee: nothing. */
export const ERASED_REFEREE: Referral['referee'] = { name: '', email: '', message: '' };

/** A stored referral as the use cases see it: one stored before referrals had stages reads as new, with no history. */
export function asReferral(stored: Referral & { status?: string }): Referral {
  const { status: _status, ...referral } = stored;
  return { ...referral, stage: referral.stage ?? 'new', history: referral.history ?? [] };
}

/**
 * The one way a stored referral changes. `change` gets the referral as stored now and answers
 * it changed, or null to leave it; the write is conditional on the version read and retried
 * on conflict (so `change` may run more than once, each time on a newer referral). Once
 * erased, a referral stays erased whatever `change` answers: its referee stays blank and its
 * `erasedAt` stays. Its provider's summary and stage listings follow the change it made
 * (`noteReferralChange`), and so do the retention job's keys (`noteRetentionChange`). Answers the referral as stored afterwards and whether `change` was
 * applied, or null when there is no such referral.
 */
export async function changeReferral(
  deps: Pick<Deps, 'store' | 'clock' | 'retention'>,
  id: string,
  change: (current: Referral) => Referral | null,
): Promise<{ referral: Referral; changed: boolean } | null> {
  let changed = false;
  let before: Referral | null = null;
  const stored = await deps.store.update<Referral>('referrals', `id/${id}`, (raw) => {
    changed = false;
    if (!raw) return null;
    const current = asReferral(raw);
    before = current;
    const next = change(current);
    if (!next) return null;
    changed = true;
    return current.erasedAt ? { ...next, referee: ERASED_REFEREE, erasedAt: current.erasedAt } : next;
  });
  if (!stored) return null;
  const referral = asReferral(stored);
  if (changed) await Promise.all([noteReferralChange(deps, before, referral), noteRetentionChange(deps, before, referral)]);
  return { referral, changed };
}
