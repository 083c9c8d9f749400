import { deliverSoon, enqueue, pending } from './deliver.ts';
import { optional } from './optional.ts';
import type { OutboxMessage } from './ports.ts';
import { StorageUnavailable } from './ports.ts';
import type { ProviderEntry } from './provider.ts';
import { emailPhotoOf } from './provider-photo.ts';
import type { Referral, Referrer } from './referral.ts';
import { claimSlot } from './caps.ts';
import { greetingName } from './text.ts';
import { inboxOf } from './addresses.ts';
import { DAY_MS, dayOf } from './time.ts';
import type { Deps } from './deps.ts';
import { fingerprintOf, type ReferralDraft, referralKeys } from './records/referrals.ts';
import { AlreadySubmitted } from './errors.ts';
import { actionsPath, referrerForgetPath, respondPath, unsubscribePaths } from './routes.ts';
import { preferencesOf, type ReferrerPreferences } from './records/referrer-preferences.ts';
import { originOf, sharedFirstName } from './referral.ts';
import { referrerOf } from './records/referrers.ts';
import { listReferral, noteReferralChange } from './records/provider-index.ts';
import { dueAt, firstRetentionCheck } from './records/due-keys.ts';

/** Thank-yous one personal link can trigger in a day (UTC); past it, referrals still count but its owner's inbox is spared. */
export const THANKS_PER_LINK_PER_DAY = 10;

/** What the person who submitted is told on success. */
export type SubmittedReferral = { id: string; provider: string };

type Claim = { id: string; createdAt: string };

/** When a provider promised to respond to a referral by. */
export const respondByOf = (referral: Pick<Referral, 'createdAt'>, provider: Pick<ProviderEntry, 'responseHours'>): Date =>
  new Date(Date.parse(referral.createdAt) + provider.responseHours * 3_600_000);

/** Runs a repeat's replay; a storage failure there becomes `AlreadySubmitted`. */
async function asRepeat(run: () => Promise<SubmittedReferral>): Promise<SubmittedReferral> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StorageUnavailable) throw new AlreadySubmitted('a repeat could not reach storage', { cause: error });
    throw error;
  }
}

/** What a referral is built from besides the draft: the first round of reads. */
type Reads = { referrer: Referrer | null; preferences: ReferrerPreferences | null };

/**
 * Stores a new referral, then confirms to the referee (or tells them of the introduction),
 * alerts the provider and thanks the referrer, whatever comes of it. Everything is stored
 * before anything is sent, and the emails go out after the answer where the platform
 * allows it (`deps.background`): the outbox has them either way.
 *
 * The same submission twice (a double click, a network retry, a replay) is one referral:
 * "the same" is the same provider, kind and fields, the email compared as an inbox
 * (`inboxOf`), within 24 hours. It answers with the first referral's id and sends nothing
 * new; if storage fails while it looks for that referral, it throws `AlreadySubmitted`
 * rather than claim that nothing was stored.
 *
 * Rounds of storage calls: the claim on the submission's fingerprint (a conditional write,
 * so that of two at once exactly one wins) goes out with the reads; the outbox records and
 * indexes then go out together, and the referral itself last. A request that stops in between
 * leaves a claim without a referral, which its retry (a replay) rebuilds from the draft.
 */
export async function createReferral(deps: Deps, provider: ProviderEntry, draft: ReferralDraft): Promise<SubmittedReferral> {
  const now = deps.clock.now();
  const fingerprint = fingerprintOf(deps, provider.slug, draft);
  const bucket = dayOf(now.getTime());
  const claimKey = (b: number) => referralKeys.claim(provider.slug, fingerprint, b);
  const claim: Claim = { id: deps.ids.referralId(), createdAt: now.toISOString() };
  const [claimed, previous, referrer, preferences] = await Promise.all([
    deps.store.create('referrals', claimKey(bucket), claim),
    deps.store.get<Claim>('referrals', claimKey(bucket - 1)),
    draft.referrerCode ? referrerOf(deps, draft.referrerCode) : null,
    draft.referrerCode ? preferencesOf(deps, draft.referrerCode) : null,
  ]);
  const reads = { referrer, preferences };
  // Yesterday's claim within 24 hours comes first: everyone who reads it agrees on the referral.
  if (previous && now.getTime() - Date.parse(previous.createdAt) < DAY_MS) {
    // Today's claim, if just made, names a referral that will never exist.
    if (claimed === 'created') await deps.store.delete('referrals', claimKey(bucket)).catch(() => undefined);
    return asRepeat(() => replay(deps, previous, provider, draft, reads));
  }
  if (claimed === 'exists') {
    return asRepeat(async () => {
      const winner = await deps.store.get<Claim>('referrals', claimKey(bucket));
      if (!winner) throw new StorageUnavailable('submission claim vanished');
      return replay(deps, winner, provider, draft, reads);
    });
  }
  return store(deps, await buildReferral(deps, provider, draft, claim, reads), provider, reads);
}

/**
 * The referral a draft makes, under a claim's id and time: the same whichever request builds
 * it. Its referrer is thanked if the link's owner is not the referee and one of the link's
 * thank-you slots for the day is free (a conditional write per slot, so that the cap holds
 * however many referrals arrive at once) or already this referral's.
 */
async function buildReferral(deps: Pick<Deps, 'directory' | 'store'>, provider: ProviderEntry, draft: ReferralDraft, claim: Claim, reads: Reads): Promise<Referral> {
  const { referee } = draft;
  // A code from another provider's link does not attribute, and says nothing about why.
  const attributedTo = reads.referrer?.provider === provider.slug ? reads.referrer : null;
  const selfReferral = attributedTo !== null && inboxOf(attributedTo.email) === inboxOf(referee.email);
  // A referrer who is another provider here (their link asked for from a notification address) is a peer sending work.
  const fromProvider = attributedTo ? deps.directory.byAddress(attributedTo.email).find((p) => p.slug !== provider.slug) : undefined;
  return {
    id: claim.id,
    provider: provider.slug,
    kind: draft.kind,
    ...optional('referrer', attributedTo?.code),
    referee,
    consent: draft.consent,
    selfReferral,
    thankReferrer:
      attributedTo !== null &&
      !selfReferral &&
      (await claimSlot(deps.store, 'referrals', referralKeys.thanks(attributedTo.code, dayOf(Date.parse(claim.createdAt))), THANKS_PER_LINK_PER_DAY, claim.id)) !==
        null,
    stage: 'new',
    history: [],
    ...optional('fromProvider', fromProvider?.slug),
    createdAt: claim.createdAt,
    updatedAt: claim.createdAt,
  };
}

/** Lists a referral about to be stored for its provider (see `provider-index.ts`), for the reminder and retention jobs (`due-keys.ts`), and in the reciprocity ledger. */
export async function indexReferral(deps: Pick<Deps, 'store' | 'clock' | 'retention'>, referral: Referral, provider: ProviderEntry): Promise<void> {
  const from = referral.handedOnFrom?.provider ?? referral.fromProvider;
  await Promise.all([
    listReferral(deps, referral),
    dueAt(deps, 'remind', respondByOf(referral, provider).getTime(), referral.id, { step: 'remind' }),
    dueAt(deps, 'retain', firstRetentionCheck(referral.id, deps.retention), referral.id),
    from ? deps.store.put('referrals', referralKeys.ledgerIn(provider.slug, from, referral.id), {}) : null,
    from ? deps.store.put('referrals', referralKeys.ledgerOut(from, provider.slug, referral.id), {}) : null,
  ]);
}

/**
 * Answers a repeated submission with the first one's id. A stored referral is complete (its
 * record is written last), so that answer needs nothing more. Without one, the request that
 * claimed it stopped before the end, or is still writing: this one finishes the work from the
 * draft (the same by its fingerprint). Each email is recorded by whoever creates its outbox
 * record first and sent by that request alone, so nothing goes twice.
 */
async function replay(deps: Deps, claim: Claim, provider: ProviderEntry, draft: ReferralDraft, reads: Reads): Promise<SubmittedReferral> {
  const stored = await deps.store.get<Referral>('referrals', referralKeys.record(claim.id));
  if (stored) return { id: claim.id, provider: provider.slug };
  return store(deps, await buildReferral(deps, provider, draft, claim, reads), provider, reads);
}

/**
 * Stores a referral's outbox records and indexes side by side, then the referral itself, only
 * if still missing (another request may be finishing it too), then sends the emails this call
 * recorded.
 */
async function store(deps: Deps, referral: Referral, provider: ProviderEntry, reads: Reads): Promise<SubmittedReferral> {
  const attributedTo = referral.referrer ? reads.referrer : null;
  const [created] = await Promise.all([
    enqueue(deps, messagesFor(deps, referral, provider, attributedTo, reads.preferences)),
    indexReferral(deps, referral, provider),
    referral.referrer ? deps.store.put('referrals', referralKeys.byReferrer(referral.referrer, Date.parse(referral.createdAt), referral.id), {}) : null,
  ]);
  // Last: a stored referral then means everything it needs is stored, and a repeat answers at once.
  if ((await deps.store.create('referrals', referralKeys.record(referral.id), referral)) === 'created') await noteReferralChange(deps, null, referral);
  await deliverSoon(deps, created);
  return { id: referral.id, provider: provider.slug };
}

/**
 * The emails a new referral sends, built through the redaction rules (see ARCHITECTURE.md, "Who sees what"). The
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
        // Replying to the confirmation reaches the provider who will help, as the thanks page says.
        ...(referral.kind === 'introduction' && referrer && !referral.handedOnFrom ? {} : { replyTo: provider.notify[0] }),
        content:
          referral.kind === 'introduction' && referrer && !referral.handedOnFrom
            ? {
                template: 'introduction-notice',
                ...optional('refereeFirstName', refereeFirstName),
                ...optional('referrerFirstName', referrerFirstName),
                providerName: provider.name,
                ...optional('providerPhoto', emailPhotoOf(provider)),
                profession: provider.profession,
                responseHours: provider.responseHours,
                ...optional('respondPath', respond),
                retentionDays: deps.retention.unprogressedDays,
              }
            : {
                template: 'referee-confirmation',
                ...optional('refereeFirstName', refereeFirstName),
                providerName: provider.name,
                ...optional('providerPhoto', emailPhotoOf(provider)),
                responseHours: provider.responseHours,
                ...optional('referrerFirstName', referrerFirstName),
                ...optional('respondPath', respond),
                ...optional('handedOnBy', handedOnBy),
                ...optional('bookingUrl', provider.bookingUrl),
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
          kind: originOf(referral),
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
          ...optional('timeZone', provider.timeZone),
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
            ...optional('providerPhoto', emailPhotoOf(provider)),
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
