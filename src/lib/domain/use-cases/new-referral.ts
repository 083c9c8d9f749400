import { deliver, enqueue, pending } from '../deliver.ts';
import { optional } from '../optional.ts';
import type { OutboxMessage } from '../ports.ts';
import { StorageUnavailable } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { greetingName, normaliseEmail } from '../text.ts';
import { DAY_MS, dayOf } from '../time.ts';
import type { Deps } from './deps.ts';
import { preferencesOf, type ReferrerPreferences, unsubscribePaths } from './referrer-preferences.ts';
import { actionsPath, referrerForgetPath, respondPath } from './links.ts';
import { sharedFirstName } from './notes.ts';

/** Thank-yous one personal link can trigger in 24 hours; past it, referrals still count but its owner's inbox is spared. */
export const THANKS_PER_LINK_PER_DAY = 10;

/** What the person who submitted is told on success. */
export type SubmittedReferral = { id: string; provider: string };

/** A referral as submitted, before it is attributed and stored. */
export type ReferralDraft = Pick<Referral, 'kind' | 'referee' | 'consent'> & {
  /** The code of the personal link it came through, if any. */
  referrerCode?: string;
};

type Claim = { id: string; createdAt: string };

/**
 * A one-way digest of what was submitted: two submissions with the same digest within a
 * day are one referral. Erasure recomputes it to remove the claim.
 */
export function fingerprintOf(deps: Pick<Deps, 'ids'>, provider: string, draft: ReferralDraft): string {
  const { referee } = draft;
  return deps.ids.digest(
    JSON.stringify([
      provider,
      normaliseEmail(referee.email),
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
  record: (id: string) => `id/${id}`,
  byProvider: (provider: string, id: string) => `provider/${provider}/${id}`,
  byReferrer: (code: string, time: number, id: string) => `referrer/${code}/${time}-${id}`,
  /** When the provider's promised response falls due; the reminder job lists these in time order. */
  due: (time: number, id: string) => `due/${String(time).padStart(14, '0')}/${id}`,
  ledgerIn: (to: string, from: string, id: string) => `ledger/in/${to}/${from}/${id}`,
  ledgerOut: (from: string, to: string, id: string) => `ledger/out/${from}/${to}/${id}`,
};

/** When a provider promised to respond to a referral by. */
export const respondByOf = (referral: Pick<Referral, 'createdAt'>, provider: Pick<ProviderEntry, 'responseHours'>): Date =>
  new Date(Date.parse(referral.createdAt) + provider.responseHours * 3_600_000);

/**
 * Stores a new referral, then confirms to the referee (or tells them of the introduction),
 * alerts the provider and thanks the referrer, whatever comes of it. Everything is stored
 * before anything is sent.
 *
 * The same submission twice (a double click, a network retry, a replay) is one referral:
 * "the same" is the same provider, kind and fields, the email compared case-blind, within
 * 24 hours. It answers with the first referral's id and sends nothing new.
 */
export async function createReferral(deps: Deps, provider: ProviderEntry, draft: ReferralDraft): Promise<SubmittedReferral> {
  const now = deps.clock.now();
  const { referee } = draft;
  const fingerprint = fingerprintOf(deps, provider.slug, draft);
  const bucket = dayOf(now.getTime());
  const claimKey = (b: number) => referralKeys.claim(provider.slug, fingerprint, b);
  // One round of reads: the thank-yous already sent through the link are counted now, and used only if the link attributes.
  const [current, previous, referrer, thanked, preferences] = await Promise.all([
    deps.store.get<Claim>('referrals', claimKey(bucket)),
    deps.store.get<Claim>('referrals', claimKey(bucket - 1)),
    draft.referrerCode ? deps.store.get<Referrer>('referrers', `code/${draft.referrerCode}`) : null,
    draft.referrerCode ? thanksToday(deps, draft.referrerCode, now) : 0,
    draft.referrerCode ? preferencesOf(deps, draft.referrerCode) : null,
  ]);
  const earlier = current ?? previous;
  if (earlier && now.getTime() - Date.parse(earlier.createdAt) < DAY_MS) return replay(deps, earlier.id, provider);

  // A code from another provider's link does not attribute, and says nothing about why.
  const attributedTo = referrer?.provider === provider.slug ? referrer : null;
  const selfReferral = attributedTo !== null && normaliseEmail(attributedTo.email) === normaliseEmail(referee.email);
  // A referrer who is another provider here (their link asked for from a notification address) is a peer sending work.
  const fromProvider = attributedTo ? deps.directory.byAddress(attributedTo.email).find((p) => p.slug !== provider.slug) : undefined;
  const referral: Referral = {
    id: deps.ids.referralId(),
    provider: provider.slug,
    kind: draft.kind,
    ...optional('referrer', attributedTo?.code),
    referee,
    consent: draft.consent,
    selfReferral,
    thankReferrer: attributedTo !== null && !selfReferral && thanked < THANKS_PER_LINK_PER_DAY,
    stage: 'new',
    history: [],
    ...optional('fromProvider', fromProvider?.slug),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };

  // The referral is written before the claim, so whoever finds the claim finds the referral.
  await deps.store.put('referrals', referralKeys.record(referral.id), referral);
  if ((await deps.store.create('referrals', claimKey(bucket), { id: referral.id, createdAt: referral.createdAt })) === 'exists') {
    await deps.store.delete('referrals', referralKeys.record(referral.id));
    const winner = await deps.store.get<Claim>('referrals', claimKey(bucket));
    if (!winner) throw new StorageUnavailable('submission claim vanished');
    return replay(deps, winner.id, provider);
  }
  const [created] = await Promise.all([
    enqueue(deps, messagesFor(deps, referral, provider, attributedTo, preferences), { fresh: true }),
    indexReferral(deps, referral, provider),
    attributedTo ? deps.store.put('referrals', referralKeys.byReferrer(attributedTo.code, now.getTime(), referral.id), {}) : null,
  ]);
  await deliver(deps, created);
  return { id: referral.id, provider: provider.slug };
}

/** Lists a stored referral for its provider, for the reminder job, and in the reciprocity ledger. */
export async function indexReferral(deps: Pick<Deps, 'store'>, referral: Referral, provider: ProviderEntry): Promise<void> {
  const from = referral.handedOnFrom?.provider ?? referral.fromProvider;
  await Promise.all([
    deps.store.put('referrals', referralKeys.byProvider(provider.slug, referral.id), {}),
    deps.store.put('referrals', referralKeys.due(respondByOf(referral, provider).getTime(), referral.id), { step: 'remind' }),
    from ? deps.store.put('referrals', referralKeys.ledgerIn(provider.slug, from, referral.id), {}) : null,
    from ? deps.store.put('referrals', referralKeys.ledgerOut(from, provider.slug, referral.id), {}) : null,
  ]);
}

/** Thank-yous already triggered through a link in the last 24 hours. */
async function thanksToday(deps: Deps, code: string, now: Date): Promise<number> {
  const keys = await deps.store.list('referrals', `referrer/${code}/`);
  return keys.filter((key) => now.getTime() - Number(key.split('/')[2]?.split('-')[0]) < DAY_MS).length;
}

/**
 * Answers a repeated submission with the first one's id. Its emails are recorded again if
 * they are missing (the first request may have stopped half-way); existing ones are left
 * to the first request or the scheduler, so that nothing is sent twice.
 */
async function replay(deps: Deps, id: string, provider: ProviderEntry): Promise<SubmittedReferral> {
  const referral = await deps.store.get<Referral>('referrals', referralKeys.record(id));
  if (referral) {
    const [referrer, preferences] = referral.referrer
      ? await Promise.all([deps.store.get<Referrer>('referrers', `code/${referral.referrer}`), preferencesOf(deps, referral.referrer)])
      : [null, null];
    await Promise.all([enqueue(deps, messagesFor(deps, referral, provider, referrer, preferences)), indexReferral(deps, referral, provider)]);
  }
  return { id, provider: provider.slug };
}

/**
 * The emails a new referral sends, built through the redaction rules of DESIGN.md. The
 * referrer's thank-you is left out only when they stopped every email about their referrals
 * (`preferences`; stopping progress notes alone keeps it).
 */
export function messagesFor(
  deps: Pick<Deps, 'tokens' | 'clock' | 'directory' | 'retention'>,
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  preferences: ReferrerPreferences | null = null,
): OutboxMessage[] {
  const now = deps.clock.now();
  const about = { provider: provider.slug, referral: referral.id };
  const referrerFirstName = referrer ? greetingName(referrer.name) : undefined;
  const respond = respondPath(deps, referral.id);
  const handedOnBy = referral.handedOnFrom ? deps.directory.get(referral.handedOnFrom.provider)?.name : undefined;
  const refereeFirstName = greetingName(referral.referee.name);
  const messages: OutboxMessage[] = [
    pending(
      {
        key: `${referral.id}-referee-confirmation`,
        ...about,
        role: 'referee',
        to: [referral.referee.email],
        content:
          referral.kind === 'introduction' && referrer && !referral.handedOnFrom
            ? {
                template: 'introduction-notice',
                ...optional('refereeFirstName', refereeFirstName),
                referrerName: referrer.name,
                providerName: provider.name,
                profession: provider.profession,
                responseHours: provider.responseHours,
                context: referral.referee.message,
                ...optional('respondPath', respond),
                retentionDays: deps.retention.unprogressedDays,
              }
            : {
                template: 'referee-confirmation',
                ...optional('refereeFirstName', refereeFirstName),
                providerName: provider.name,
                responseHours: provider.responseHours,
                ...optional('referrerFirstName', referrerFirstName),
                ...optional('respondPath', respond),
                ...optional('handedOnBy', handedOnBy),
              },
      },
      now,
    ),
    pending(
      {
        key: `${referral.id}-provider-alert`,
        ...about,
        role: 'provider',
        to: provider.notify,
        replyTo: referral.referee.email,
        content: {
          template: 'provider-alert',
          providerName: provider.name,
          referralId: referral.id,
          kind: referral.kind,
          refereeName: referral.referee.name,
          refereeEmail: referral.referee.email,
          ...optional('refereePhone', referral.referee.phone),
          message: referral.referee.message,
          ...optional('referrerName', referrer?.name),
          responseHours: provider.responseHours,
          respondBy: respondByOf(referral, provider).toISOString(),
          shareFirstName: referral.consent.shareFirstName,
          ...optional('actionsPath', actionsPath(deps, provider.slug, referral.id)),
          ...optional('handedOnBy', handedOnBy),
        },
      },
      now,
    ),
  ];
  if (referrer && referral.thankReferrer && preferences?.thanks !== false) {
    messages.push(
      pending(
        {
          key: `${referral.id}-referrer-thanks`,
          ...about,
          role: 'referrer',
          to: [referrer.email],
          content: {
            template: 'referrer-thanks',
            ...(referral.kind === 'introduction' ? { introduction: true as const } : {}),
            ...optional('referrerFirstName', referrerFirstName),
            providerName: provider.name,
            responseHours: provider.responseHours,
            ...optional('refereeFirstName', sharedFirstName(referral)),
            ...optional('unsubscribe', unsubscribePaths(deps, referrer.code, 'all')),
            ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
          },
        },
        now,
      ),
    );
  }
  return messages;
}
