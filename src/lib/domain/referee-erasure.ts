import type { OutboxMessage } from './ports.ts';
import type { Referral } from './referral.ts';
import { dayOf } from './time.ts';
import type { Deps } from './deps.ts';
import { asReferral, changeReferral, ERASED_REFEREE, fingerprintOf, referralKeys, dueKeysOf } from './records/referrals.ts';
import { outboxKeys, eraseFromWebhooks } from './records/outbox.ts';
import { erasedEvent } from './webhook-messages.ts';

/** Fields of email content that hold something of the referee. */
const REFEREE_FIELDS = ['refereeName', 'refereeEmail', 'refereePhone', 'refereeFirstName', 'message', 'context'] as const;

/** An outbox record with nothing of the referee left in it: no address, no name, no words. */
export function scrubMessage(message: OutboxMessage, now: Date): OutboxMessage {
  const content = { ...message.content } as Record<string, unknown>;
  for (const field of REFEREE_FIELDS) if (field in content) content[field] = '';
  const { replyTo: _replyTo, ...rest } = message;
  return {
    ...rest,
    to: message.role === 'referee' ? [] : message.to,
    content: content as OutboxMessage['content'],
    // A message not yet sent is never sent now: there is no one left to send it to, or nothing to say.
    ...(message.status === 'pending' ? { status: 'dead' as const, deadAt: now.toISOString(), lastError: 'erased' } : {}),
  };
}

/**
 * Scrubs the referee from a referral's email records (all of them, or those `keys` name),
 * each through a conditional write on what is stored then, and drops the pending markers of
 * those not yet sent. Answers the keys of the messages it scrubbed.
 */
export async function scrubOutbox(deps: Pick<Deps, 'store' | 'clock'>, referralId: string, keys?: string[]): Promise<string[]> {
  const now = deps.clock.now();
  const records = keys ? keys.map(outboxKeys.record) : await deps.store.list('outbox', outboxKeys.records(`${referralId}-`));
  await Promise.all(
    records.map(async (record) => {
      let wasPending = false;
      await deps.store.update<OutboxMessage>('outbox', record, (message) => {
        wasPending = message?.status === 'pending';
        return message ? scrubMessage(message, now) : null;
      });
      if (wasPending) await deps.store.delete('outbox', outboxKeys.marker(outboxKeys.messageKeyOf(record)));
    }),
  );
  return records.map(outboxKeys.messageKeyOf);
}

/**
 * Erases a referee's personal data from a referral and from every email about it in the
 * outbox. What stays is anonymous: the referral's provider, kind, stage and dates, for the
 * provider's counts. `alongside` may change the referral in the same write (a withdrawal).
 * Answers the referral as it now is, or null if there is none.
 *
 * The referral is erased first and its email records scrubbed after, so that whoever records
 * an email about it later sees the erasure when they read it back (see `recordedAfterErasure`).
 */
export async function eraseReferee(
  deps: Pick<Deps, 'store' | 'ids' | 'clock' | 'mailer' | 'retention' | 'directory'>,
  id: string,
  alongside: (current: Referral) => Referral = (current) => current,
): Promise<Referral | null> {
  const now = deps.clock.now();
  let before: Referral | undefined;
  const outcome = await changeReferral(deps, id, (current) => {
    before = current;
    return { ...alongside(current), referee: ERASED_REFEREE, erasedAt: current.erasedAt ?? now.toISOString(), updatedAt: now.toISOString() };
  });
  if (!outcome || !before) return null;
  const { referee } = before;
  const [, , scrubbed] = await Promise.all([
    // The claim was made on the day the referral was created (see createReferral).
    referee.email
      ? deps.store.delete(
          'referrals',
          referralKeys.claim(
            before.provider,
            fingerprintOf(deps, before.provider, {
              kind: before.kind,
              referee,
              consent: before.consent,
              ...(before.referrer ? { referrerCode: before.referrer } : {}),
            }),
            dayOf(Date.parse(before.createdAt)),
          ),
        )
      : null,
    // Listed apart so that the retention job skips erased referrals without reading them.
    deps.store.put('referrals', referralKeys.erased(id), {}),
    scrubOutbox(deps, id),
    // Nothing is due any more for an erased referral: no reminder, no retention.
    Promise.all(dueKeysOf(before, deps.retention, deps.directory.get(before.provider)).map((key) => deps.store.delete('referrals', key))),
    // Webhooks lose the referee too, and the endpoint is told to delete what it holds.
    eraseFromWebhooks(deps, outcome.referral, erasedEvent(deps, outcome.referral)),
  ]);
  if (referee.email) await deps.mailer.forget?.({ email: referee.email, messages: scrubbed });
  return outcome.referral;
}

/**
 * After recording emails about a referral: if it was erased meanwhile, scrubs them. An
 * erasure scrubs the records it finds once the referral is erased; one recorded after that
 * read is caught here, since it reads the referral back after writing. Answers whether it
 * was erased: those emails are then not sent.
 */
export async function recordedAfterErasure(deps: Pick<Deps, 'store' | 'clock'>, referralId: string, keys: string[]): Promise<boolean> {
  if (keys.length === 0) return false;
  const now = asReferral(await deps.store.get<unknown>('referrals', referralKeys.record(referralId)));
  if (!now?.erasedAt) return false;
  await scrubOutbox(deps, referralId, keys);
  return true;
}
