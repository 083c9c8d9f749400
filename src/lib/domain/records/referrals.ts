import { z } from 'zod';
import type { Referral } from '../referral.ts';
import { declineReasons, stages } from '../stages.ts';
import { inboxOf } from '../addresses.ts';
import { noteRetentionChange } from './due-keys.ts';
import { noteReferralChange } from './provider-index.ts';
import type { Ids, Store } from '../ports.ts';
import type { Retention } from '../provider.ts';
import type { Clock } from '../time.ts';

/** What an erased referral keeps of its referee: nothing. */
export const ERASED_REFEREE: Referral['referee'] = { name: '', email: '', message: '' };

const Link = z.object({ provider: z.string(), referral: z.string() });

/**
 * A referral as read back, parsed: what does not read as a referral is no referral. It absorbs
 * the earlier layouts: one stored before referrals had stages (a `status`, no `stage` nor
 * `history`) reads as new, with no history. Fields it does not know are kept, so that a newer
 * record read by an older function loses nothing when it is written back.
 */
const StoredReferral = z
  .looseObject({
    id: z.string().min(1),
    provider: z.string().min(1),
    kind: z.enum(['recommendation', 'introduction']),
    referrer: z.string().optional(),
    referee: z.looseObject({ name: z.string(), email: z.string(), phone: z.string().optional(), message: z.string() }),
    consent: z.looseObject({ contact: z.literal(true), shareFirstName: z.boolean() }),
    selfReferral: z.boolean().default(false),
    thankReferrer: z.boolean().default(false),
    stage: z.enum(stages).default('new'),
    reason: z.enum(declineReasons).optional(),
    contactedAt: z.string().optional(),
    history: z.array(z.looseObject({ stage: z.enum(stages), at: z.string(), by: z.enum(['provider', 'referee']) })).default([]),
    handoff: z.looseObject({ partner: z.string(), proposedAt: z.string() }).optional(),
    handedOnTo: Link.optional(),
    handedOnFrom: Link.optional(),
    fromProvider: z.string().optional(),
    erasedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .transform(({ status: _status, ...referral }) => referral as Referral);

/** A stored referral as the use cases see it (see `StoredReferral`), or null when what is stored does not read as one. */
export function asReferral(stored: unknown): Referral | null {
  const parsed = StoredReferral.safeParse(stored);
  return parsed.success ? parsed.data : null;
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
  deps: { store: Store; clock: Clock; retention: Retention },
  id: string,
  change: (current: Referral) => Referral | null,
): Promise<{ referral: Referral; changed: boolean } | null> {
  let changed = false;
  let before: Referral | null = null;
  const stored = await deps.store.update<Referral>('referrals', referralKeys.record(id), (raw) => {
    changed = false;
    const current = asReferral(raw);
    if (!current) return null;
    before = current;
    const next = change(current);
    if (!next) return null;
    changed = true;
    return current.erasedAt ? { ...next, referee: ERASED_REFEREE, erasedAt: current.erasedAt } : next;
  });
  const referral = stored && asReferral(stored);
  if (!referral) return null;
  if (changed) await Promise.all([noteReferralChange(deps, before, referral), noteRetentionChange(deps, before, referral)]);
  return { referral, changed };
}

/**
 * Marks a referral not thanked before it is counted in its provider's summary (while its
 * intake is completed): `changeReferral` would take a thank-you off a count that never had it.
 * Answers the referral as stored afterwards, or null when there is none.
 */
export async function markNotThanked(deps: { store: Store; clock: Clock }, id: string): Promise<Referral | null> {
  const stored = await deps.store.update<unknown>('referrals', referralKeys.record(id), (raw) => {
    const current = asReferral(raw);
    return current?.thankReferrer ? { ...current, thankReferrer: false, updatedAt: deps.clock.now().toISOString() } : null;
  });
  return asReferral(stored);
}

/**
 * Marks the referrals whose thank-you was not sent because the link's cap for the day was
 * reached by others first (`DeliveryReport.capped`): they were not thanked after all.
 */
export async function unthankCapped(deps: { store: Store; clock: Clock; retention: Retention }, report: { capped: { referral?: string }[] }): Promise<void> {
  const ids = [...new Set(report.capped.flatMap(({ referral }) => (referral ? [referral] : [])))];
  await Promise.all(ids.map((id) => changeReferral(deps, id, (r) => (r.thankReferrer ? { ...r, thankReferrer: false, updatedAt: deps.clock.now().toISOString() } : null))));
}

/** An intake mark (`referralKeys.intake`) as read back: whose referral, made when. */
const IntakeMark = z.looseObject({ provider: z.string().min(1), createdAt: z.string() });

/** The intake marks left (keys and what each says), or null for one that does not read as one. */
export async function intakeMarks(deps: { store: Store }): Promise<{ id: string; mark: z.infer<typeof IntakeMark> | null }[]> {
  const keys = await deps.store.list('referrals', referralKeys.intakes());
  return Promise.all(
    keys.map(async (key) => {
      const parsed = IntakeMark.safeParse(await deps.store.get<unknown>('referrals', key));
      return { id: referralKeys.idOf(key), mark: parsed.success ? parsed.data : null };
    }),
  );
}

/** Loads a referral by id; one stored before referrals had stages reads as new, with no history. */
export async function loadReferral(deps: { store: Store }, id: string): Promise<Referral | null> {
  if (!/^[0-9a-z-]{10,64}$/.test(id)) return null;
  return asReferral(await deps.store.get<unknown>('referrals', referralKeys.record(id)));
}

/** Loads a referral, or null when it does not exist or belongs to another provider. */
export async function referralOf(deps: { store: Store }, provider: string, id: string): Promise<Referral | null> {
  const referral = await loadReferral(deps, id);
  return referral && referral.provider === provider ? referral : null;
}

/**
 * Referral ids begin with their time in base 36 (nine characters): its first three name a
 * slice of about 26 days, so that the ids of one slice can be listed apart from the others.
 */
export const slices = {
  /** The slice a time falls in. */
  of: (time: number): string => Math.max(0, Math.floor(time)).toString(36).padStart(9, '0').slice(0, 3),
  /** The slice after `slice`. */
  next: (slice: string): string => (parseInt(slice, 36) + 1).toString(36).padStart(3, '0'),
};

/** A referral as submitted, before it is attributed and stored. */
export type ReferralDraft = Pick<Referral, 'kind' | 'referee' | 'consent'> & {
  /** The code of the personal link it came through, if any. */
  referrerCode?: string;
};

/**
 * A one-way digest of what was submitted: two submissions with the same digest within a
 * day are one referral. Erasure recomputes it to remove the claim.
 */
export function fingerprintOf(deps: { ids: Ids }, provider: string, draft: ReferralDraft): string {
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
  /** A referral's own record. */
  record: (id: string) => `id/${id}`,
  /**
   * Marks a referral stored whose indexes and emails may not all be recorded yet: written with
   * its record, deleted once they are; the scheduler finishes what a stopped request left.
   */
  intake: (id: string) => `intake/${id}`,
  /** The prefix of every such mark. */
  intakes: () => 'intake/',
  /** The prefix of every referral's record. */
  records: () => 'id/',
  /** The prefix of the records of the referrals made in one slice of time (see `sliceOf`). */
  recordsIn: (slice: string) => `id/${slice}`,
  /** The prefix of the erasure marks of the referrals made in one slice of time. */
  erasuresIn: (slice: string) => `erased/${slice}`,
  /** Marks a referral erased, so that the retention job skips it without reading it. */
  erased: (id: string) => `erased/${id}`,
  /** The prefix of every erasure mark. */
  erasures: () => 'erased/',
  /** The referral id a record's or an erasure mark's key holds. */
  idOf: (key: string) => key.slice(key.indexOf('/') + 1),
  /** Lists a referral for the referrer whose link it came through, in time order. */
  byReferrer: (code: string, time: number, id: string) => `referrer/${code}/${time}-${id}`,
  /** The prefix of a referrer's listings. */
  ofReferrer: (code: string) => `referrer/${code}/`,
  /** The referral id a referrer's listing holds (a code may hold dashes, the time never does). */
  idOfReferrerListing: (key: string) => key.slice(key.lastIndexOf('/') + 1).replace(/^\d+-/, ''),
  /** The prefix of the reminder keys of an earlier layout (`due/<time>/<id>`), still read until they are gone. */
  legacyDues: () => 'due/',
  /** The time and referral id such a key holds. */
  legacyDueOf: (key: string) => ({ time: Number(key.split('/')[1]), id: key.split('/')[2]! }),
  /** A referral handed to `to` by the peer `from`, in the reciprocity ledger. */
  ledgerIn: (to: string, from: string, id: string) => `ledger/in/${to}/${from}/${id}`,
  ledgerOut: (from: string, to: string, id: string) => `ledger/out/${from}/${to}/${id}`,
  /** The prefixes of a provider's ledger: what peers sent them, and what they sent. */
  ledgerInOf: (provider: string) => `ledger/in/${provider}/`,
  ledgerOutOf: (provider: string) => `ledger/out/${provider}/`,
  /** The peer a ledger entry's key names. */
  peerOf: (key: string) => key.split('/')[3]!,
};
