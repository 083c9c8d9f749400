import { enqueue, pending, recordWebhooks } from './records/outbox.ts';
import { type Deps, type Senders, soon } from './deps.ts';
import { optional } from './optional.ts';
import { type MessageDraft, type OutboxMessage, StorageUnavailable } from './ports.ts';
import type { ProviderEntry } from './provider.ts';
import type { Referral, Referrer, ReferrerPreferences } from './referral.ts';
import { inboxOf } from './addresses.ts';
import { DAY_MS, dayOf, respondByOf } from './time.ts';
import { fingerprintOf, loadReferral, markNotThanked, type ReferralDraft, referralKeys, unthankCapped, countNewReferral, listReferral, dueAt, firstRetentionCheck } from './records/referrals.ts';
import { claimSlot } from './caps.ts';
import { AlreadySubmitted } from './errors.ts';
import { preferencesOf } from './records/referrer-preferences.ts';
import { referrerOf } from './records/referrers.ts';
import { introductionNoticeEmail } from './emails/introduction-notice.ts';
import { providerAlertEmail } from './emails/provider-alert.ts';
import { refereeConfirmationEmail } from './emails/referee-confirmation.ts';
import { referrerThanksEmail } from './emails/referrer-thanks.ts';
import { originOf } from './stages.ts';
import { createdEvent } from './webhook-messages.ts';

/** Thank-yous one personal link can trigger in a day (UTC); past it, referrals still count but its owner's inbox is spared. */
export const THANKS_PER_LINK_PER_DAY = 10;

/** What the person who submitted is told on success. */
export type SubmittedReferral = { id: string; provider: string };

type Claim = { id: string; createdAt: string };

/** The thank-you slots of the link a referral came through, for the day it was made. */
const thanksSlotsOf = (referral: Referral): string => referralKeys.thanks(referral.referrer ?? '', dayOf(Date.parse(referral.createdAt)));

/** A message sent only under a cap (see `OutboxMessage.cap`). */
const withCap = <D extends MessageDraft>(draft: D | null, cap: NonNullable<MessageDraft['cap']>): D | null => (draft ? { ...draft, cap } : null);

/** Runs a repeat's replay; a storage failure there becomes `AlreadySubmitted`. */
async function asRepeat(run: () => Promise<SubmittedReferral>): Promise<SubmittedReferral> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StorageUnavailable) throw new AlreadySubmitted('a repeat could not reach storage', { cause: error });
    throw error;
  }
}

/**
 * What a referral is built from besides the draft: the first round of reads. `thanksTaken` is
 * how many of the link's thank-you slots for the claim's day were taken when it was listed
 * (absent when that day's slots were not listed).
 */
type Reads = { referrer: Referrer | null; preferences: ReferrerPreferences | null; thanksTaken?: number };

/**
 * Stores a new referral, then confirms to the referee (or tells them of the introduction),
 * alerts the provider and thanks the referrer, whatever comes of it. Everything is stored
 * before the answer, and the emails go out after it where the platform allows it
 * (`deps.background`): the outbox has them either way.
 *
 * The same submission twice (a double click, a network retry, a replay) is one referral:
 * "the same" is the same provider, kind and fields, the email compared as an inbox
 * (`inboxOf`), within 24 hours. It answers with the first referral's id and sends nothing
 * new; if storage fails while it makes sure of that referral, it throws `AlreadySubmitted`
 * rather than claim that nothing was stored.
 *
 * Two rounds of storage calls before the answer, each side by side: (1) the claim on the
 * submission's fingerprint (a conditional write, so that of two at once exactly one wins) with
 * the reads; (2) the referral, its outbox records and its indexes. Every write of the second
 * round is a conditional create or a put of the same value, so a repeat makes them all again
 * and changes nothing that is there: a request that stopped half-way is finished by its retry.
 * After the answer: the provider's summary (counted by the request that created the record)
 * and the emails (each sent by the request that created its outbox record).
 */
export async function createReferral(deps: Deps, senders: Senders, provider: ProviderEntry, draft: ReferralDraft): Promise<SubmittedReferral> {
  const now = deps.clock.now();
  const fingerprint = fingerprintOf(deps, provider.slug, draft);
  const bucket = dayOf(now.getTime());
  const claimKey = (b: number) => referralKeys.claim(provider.slug, fingerprint, b);
  const claim: Claim = { id: deps.ids.referralId(), createdAt: now.toISOString() };
  const code = draft.referrerCode;
  const [claimed, previous, referrer, preferences, thanks] = await Promise.all([
    deps.store.create('referrals', claimKey(bucket), claim),
    deps.store.get<Claim>('referrals', claimKey(bucket - 1)),
    code ? referrerOf(deps, code) : null,
    code ? preferencesOf(deps, code) : null,
    code ? deps.store.list('referrals', referralKeys.thanks(code, bucket)) : null,
  ]);
  const reads = { referrer, preferences };
  // Yesterday's claim within 24 hours comes first: everyone who reads it agrees on the referral.
  if (previous && now.getTime() - Date.parse(previous.createdAt) < DAY_MS) {
    // Today's claim, if just made, names a referral that will never exist.
    if (claimed === 'created') await deps.store.delete('referrals', claimKey(bucket)).catch(() => undefined);
    return asRepeat(() => store(deps, senders, provider, draft, previous, reads));
  }
  const today = { ...reads, ...(thanks ? { thanksTaken: thanks.length } : {}) };
  if (claimed === 'exists') {
    return asRepeat(async () => {
      const winner = await deps.store.get<Claim>('referrals', claimKey(bucket));
      if (!winner) throw new StorageUnavailable('submission claim vanished');
      return store(deps, senders, provider, draft, winner, today);
    });
  }
  return store(deps, senders, provider, draft, claim, today);
}

/**
 * The referral a draft makes, under a claim's id and time: the same whichever request builds
 * it. Its referrer is to be thanked if the link is this provider's, its owner is not the
 * referee, and the link's thank-you slots for the day were not all taken when listed; the
 * slot itself is claimed by a conditional write as the referral is completed after the answer
 * (`completeReferral`), so that the cap holds however many referrals arrive at once.
 */
function buildReferral(deps: Pick<Deps, 'directory'>, provider: ProviderEntry, draft: ReferralDraft, claim: Claim, reads: Reads): Referral {
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
    thankReferrer: attributedTo !== null && !selfReferral && (reads.thanksTaken ?? 0) < THANKS_PER_LINK_PER_DAY,
    stage: 'new',
    history: [],
    ...optional('fromProvider', fromProvider?.slug),
    createdAt: claim.createdAt,
    updatedAt: claim.createdAt,
  };
}

/** Lists a referral about to be stored for its provider (see the index in records/referrals.ts), for the reminder and retention jobs (its due keys), and in the reciprocity ledger. */
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
 * Stores the referral a claim stands for, and marks it for completion (`referralKeys.intake`),
 * side by side: a create that leaves a stored referral alone, and a put of the same value, so
 * that whoever holds the claim (the request that made it, or a repeat finishing what it left)
 * writes the same things. Its indexes and emails follow after the answer (`completeReferral`).
 */
async function store(deps: Deps, senders: Senders, provider: ProviderEntry, draft: ReferralDraft, claim: Claim, reads: Reads): Promise<SubmittedReferral> {
  const referral = buildReferral(deps, provider, draft, claim, reads);
  const [recorded] = await Promise.all([
    deps.store.create('referrals', referralKeys.record(referral.id), referral),
    deps.store.put('referrals', referralKeys.intake(referral.id), { provider: provider.slug, createdAt: claim.createdAt }),
  ]);
  // A repeat finishes the referral as it was stored, not as it rebuilt it.
  await soon(deps, () => completeReferral(deps, senders, referral.id, provider, recorded === 'created' ? { referral, reads } : undefined));
  return { id: referral.id, provider: provider.slug };
}

/**
 * Records everything a stored referral needs beside its record: its outbox records (the
 * three emails), its listings, due keys and ledger entries; sends the emails (and posts the
 * webhooks) this call recorded; then counts it in the provider's summary and clears its intake
 * mark. Every step
 * leaves what is already there alone (conditional creates, puts of the same value, a count
 * taken once), so that it may run any number of times: after the answer of the request that
 * stored it, after a repeat's, and from the scheduler for a mark left behind. `known` is what
 * the request that created the record has at hand (the record as read, and the referrer as
 * read with it); what is not known is read. An erased referral gets nothing.
 */
export async function completeReferral(deps: Deps, senders: Senders, id: string, provider: ProviderEntry, known?: { referral: Referral; reads?: Reads }): Promise<void> {
  let referral = known?.referral ?? (await loadReferral(deps, id));
  // Its thank-you slot first (the same slot however often this runs): past the cap it is not thanked, before anything counts it.
  if (referral?.thankReferrer && referral.referrer && !(await claimSlot(deps.store, 'referrals', thanksSlotsOf(referral), THANKS_PER_LINK_PER_DAY, referral.id))) {
    referral = await markNotThanked(deps, referral.id);
  }
  if (referral && !referral.erasedAt) {
    const code = referral.referrer;
    const [referrer, preferences] = known?.reads
      ? [known.reads.referrer, known.reads.preferences]
      : await Promise.all([code ? referrerOf(deps, code) : null, code ? preferencesOf(deps, code) : null]);
    const [created, hooks] = await Promise.all([
      enqueue(deps, messagesFor(deps, referral, provider, code ? referrer : null, preferences)),
      recordWebhooks(deps, createdEvent(deps, referral, provider, { respondBy: respondByOf(referral, provider), origin: originOf(referral) })),
      indexReferral(deps, referral, provider),
      code ? deps.store.put('referrals', referralKeys.byReferrer(code, Date.parse(referral.createdAt), referral.id), {}) : null,
    ]);
    // The emails go at once, whatever happens to the count below: the outbox sends each once.
    await unthankCapped(deps, await senders.deliver(deps, created));
    // Its webhook after its emails; a provider whose endpoint is in trouble is told in the same pass.
    const { notices } = await senders.postWebhooks(deps, hooks);
    if (notices.length > 0) await senders.deliver(deps, await enqueue(deps, notices.map((notice) => pending(notice, deps.clock.now()))));
    // Last, after the listings (a summary rebuilt meanwhile from them has it, or this counts it):
    // the dashboard's count, the one write every new referral of a provider shares. Under a burst
    // it may find no turn; the intake mark then stays, and the scheduler counts it (once) later.
    await countNewReferral(deps, referral);
    await deps.store.delete('referrals', referralKeys.intake(id));
    return;
  }
  await deps.store.delete('referrals', referralKeys.intake(id));
}

/**
 * The emails a new referral sends, each built by its own template's builder (src/lib/domain/emails/)
 * through the redaction rules (see ARCHITECTURE.md, "Who sees what"): the referee's confirmation,
 * or for an introduction the notice that they were introduced; the provider's alert; and the
 * referrer's thank-you, when the referral earns one and the referrer has not stopped every email.
 */
export function messagesFor(
  deps: Pick<Deps, 'tokens' | 'clock' | 'directory' | 'retention'>,
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  preferences: ReferrerPreferences | null = null,
): OutboxMessage[] {
  const now = deps.clock.now();
  const introduced = referral.kind === 'introduction' && referrer && !referral.handedOnFrom ? referrer : null;
  const drafts = [
    introduced ? introductionNoticeEmail(deps, referral, provider, introduced) : refereeConfirmationEmail(deps, referral, provider, referrer),
    providerAlertEmail(deps, referral, provider, referrer),
    withCap(referrerThanksEmail(deps, referral, provider, referrer, preferences), {
      // One of the link's thank-yous of the day the referral was made (claimed already as the referral was completed: the same slot again).
      collection: 'referrals',
      slots: thanksSlotsOf(referral),
      max: THANKS_PER_LINK_PER_DAY,
    }),
  ];
  return drafts.flatMap((draft) => (draft ? [pending(draft, now)] : []));
}
