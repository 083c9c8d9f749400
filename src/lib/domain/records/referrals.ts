import type { Referral } from '../referral.ts';
import { inboxOf } from '../addresses.ts';
import type { Deps } from '../deps.ts';

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
 * `erasedAt` stays. Answers the referral as stored afterwards and whether `change` was
 * applied, or null when there is no such referral.
 */
export async function changeReferral(
  deps: Pick<Deps, 'store'>,
  id: string,
  change: (current: Referral) => Referral | null,
): Promise<{ referral: Referral; changed: boolean } | null> {
  let changed = false;
  const stored = await deps.store.update<Referral>('referrals', `id/${id}`, (raw) => {
    changed = false;
    if (!raw) return null;
    const current = asReferral(raw);
    const next = change(current);
    if (!next) return null;
    changed = true;
    return current.erasedAt ? { ...next, referee: ERASED_REFEREE, erasedAt: current.erasedAt } : next;
  });
  return stored ? { referral: asReferral(stored), changed } : null;
}

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

/** A referral as submitted, before it is attributed and stored. */
export type ReferralDraft = Pick<Referral, 'kind' | 'referee' | 'consent'> & {
  /** The code of the personal link it came through, if any. */
  referrerCode?: string;
};

/**
 * A one-way digest of what was submitted: two submissions with the same digest within a
 * day are one referral. Erasure recomputes it to remove the claim.
 */
export function fingerprintOf(deps: Pick<Deps, 'ids'>, provider: string, draft: ReferralDraft): string {
  const { referee } = draft;
  return deps.ids.digest(
    JSON.stringify([
      provider,
      inboxOf(referee.email),
      referee.name,
      referee.phone ?? '',
      referee.message,
      draft.referrerCode ?? '',
      draft.consent.shareFirstName,
      draft.kind,
    ]),
  );
}

/** Keys of a referral's record and of the indexes it is listed under. */
export const referralKeys = {
  /** Claims a submission's fingerprint for a day (see `fingerprintOf`). */
  claim: (provider: string, fingerprint: string, day: number) => `submission/${provider}/${fingerprint}/${day}`,
  /** The thank-you slots of a personal link for a day: `<prefix><slot>`, claimed once each (see `claimSlot`). */
  thanks: (code: string, day: number) => `thanks/${code}/${day}/`,
  record: (id: string) => `id/${id}`,
  byProvider: (provider: string, id: string) => `provider/${provider}/${id}`,
  byReferrer: (code: string, time: number, id: string) => `referrer/${code}/${time}-${id}`,
  /** When the provider's promised response falls due; the reminder job lists these in time order. */
  due: (time: number, id: string) => `due/${String(time).padStart(14, '0')}/${id}`,
  ledgerIn: (to: string, from: string, id: string) => `ledger/in/${to}/${from}/${id}`,
  ledgerOut: (from: string, to: string, id: string) => `ledger/out/${from}/${to}/${id}`,
};
