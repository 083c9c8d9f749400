import type { OutboxMessage } from '../ports.ts';
import type { Referral } from '../referral.ts';
import { dayOf } from '../time.ts';
import type { Deps } from './deps.ts';
import { fingerprintOf, referralKeys } from './new-referral.ts';

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
 * Erases a referee's personal data from a referral and from every email about it in the
 * outbox. What stays is anonymous: the referral's provider, kind, stage and dates, for the
 * provider's counts. Answers the referral as it now is.
 */
export async function eraseReferee(deps: Pick<Deps, 'store' | 'ids' | 'clock' | 'mailer'>, referral: Referral): Promise<Referral> {
  const now = deps.clock.now();
  const fingerprint = fingerprintOf(deps, referral.provider, {
    kind: referral.kind,
    referee: referral.referee,
    consent: referral.consent,
    ...(referral.referrer ? { referrerCode: referral.referrer } : {}),
  });
  const erased: Referral = {
    ...referral,
    referee: { name: '', email: '', message: '' },
    erasedAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.put('referrals', referralKeys.record(referral.id), erased);
  const keys = await deps.store.list('outbox', `msg/${referral.id}-`);
  await Promise.all([
    // The claim was made on the day the referral was created (see createReferral).
    deps.store.delete('referrals', referralKeys.claim(referral.provider, fingerprint, dayOf(Date.parse(referral.createdAt)))),
    // Listed apart so that the retention job skips erased referrals without reading them.
    deps.store.put('referrals', `erased/${referral.id}`, {}),
    ...keys.map(async (key) => {
      const message = await deps.store.get<OutboxMessage>('outbox', key);
      if (!message) return;
      await deps.store.put('outbox', key, scrubMessage(message, now));
      if (message.status === 'pending') await deps.store.delete('outbox', `pending/${message.key}`);
    }),
  ]);
  if (referral.referee.email) await deps.mailer.forget?.({ email: referral.referee.email, messages: keys.map((key) => key.slice('msg/'.length)) });
  return erased;
}
