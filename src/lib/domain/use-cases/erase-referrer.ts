import { z } from 'zod';
import type { UseCaseError } from '../errors.ts';
import type { OutboxMessage } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { greetingName } from '../text.ts';
import { normaliseEmail } from '../addresses.ts';
import { openToken } from '../routes.ts';
import type { Deps } from '../deps.ts';
import { changeReferral, loadReferral, referralKeys } from '../records/referrals.ts';
import { useCase, storageGuarded } from '../use-case.ts';
import { outboxKeys } from '../records/outbox.ts';
import { referrerKeys, referrerOf } from '../records/referrers.ts';
import { preferencesKey } from '../records/referrer-preferences.ts';

/** What the erasure page posts: the signed token from a referrer's email. */
export const ErasureInput = z.strictObject({
  token: z.string({ error: 'This link is not valid.' }).max(600),
});

/** Fields of email content that hold something of the referrer. */
const REFERRER_FIELDS = ['referrerName', 'referrerFirstName'] as const;

/** What the erasure page shows before the button is pressed: whose link, for which provider. */
export type ForgetView = { code: string; firstName?: string; provider?: ProviderEntry };

/** Opens an erasure link to the referrer it names; not found once they are erased. */
export const forgetView = storageGuarded(async (deps: Deps, token: unknown): Promise<Result<ForgetView, UseCaseError>> => {
  const opened = openToken(deps, token, 'erase-referrer');
  if (!opened.ok) return opened;
  const referrer = await referrerOf(deps, opened.value.subject);
  if (!referrer) return err({ code: 'not_found' });
  const provider = deps.directory.get(referrer.provider);
  const firstName = greetingName(referrer.name);
  return ok({ code: referrer.code, ...(firstName ? { firstName } : {}), ...(provider ? { provider } : {}) });
});

/** An outbox record with nothing of the referrer left: not addressed to them, no name of theirs. */
function scrubReferrer(message: OutboxMessage, now: Date): OutboxMessage {
  const content = { ...message.content } as Record<string, unknown>;
  for (const field of REFERRER_FIELDS) if (field in content) content[field] = '';
  const toReferrer = message.role === 'referrer';
  return {
    ...message,
    to: toReferrer ? [] : message.to,
    content: content as OutboxMessage['content'],
    // A note to them not yet sent is never sent now.
    ...(toReferrer && message.status === 'pending' ? { status: 'dead' as const, deadAt: now.toISOString(), lastError: 'erased' } : {}),
  };
}

/**
 * Erases a referrer: their record and address index, their name and address from every email
 * recorded to them or about their referrals, and the attribution of those referrals. The
 * referrals stay (the referees' details are the referees'), so the provider's counts do too.
 * Erasing twice changes nothing.
 */
export async function eraseReferrer(deps: Pick<Deps, 'store' | 'ids' | 'clock' | 'mailer' | 'retention'>, code: string): Promise<void> {
  const now = deps.clock.now();
  const referrer = await referrerOf(deps, code);
  const emailKey = referrer ? deps.ids.digest(normaliseEmail(referrer.email)) : undefined;
  const byReferrer = await deps.store.list('referrals', referralKeys.ofReferrer(code));
  const ids = byReferrer.map(referralKeys.idOfReferrerListing);
  const referrals = (await Promise.all(ids.map((id) => loadReferral(deps, id)))).filter((r): r is Referral => r !== null);
  // A hand-off's copy carries the attribution too; its emails share the original's id as prefix.
  const onward = (await Promise.all(referrals.map((r) => (r.handedOnTo ? loadReferral(deps, r.handedOnTo.referral) : null)))).filter(
    (r): r is Referral => r !== null,
  );
  const recordKeys = (
    await Promise.all([
      ...(referrer && emailKey
        ? [
            deps.store.list('outbox', outboxKeys.records(outboxKeys.linkMessages(referrer.provider, emailKey))),
            // The provider's notice that a link could not be sent names them too.
            deps.store.list('outbox', outboxKeys.records(outboxKeys.undelivered(outboxKeys.linkMessages(referrer.provider, emailKey)))),
          ]
        : []),
      ...referrals.map((r) => deps.store.list('outbox', outboxKeys.records(r.id))),
    ])
  ).flat();
  await Promise.all(
    recordKeys.map(async (key) => {
      let dropped: string | undefined;
      await deps.store.update<OutboxMessage>('outbox', key, (message) => {
        dropped = message?.role === 'referrer' && message.status === 'pending' ? message.key : undefined;
        return message ? scrubReferrer(message, now) : null;
      });
      if (dropped) await deps.store.delete('outbox', outboxKeys.marker(dropped));
    }),
  );
  await Promise.all(
    [...referrals, ...onward].map((referral) =>
      changeReferral(deps, referral.id, (current) => {
        const { referrer: _code, ...rest } = current;
        return { ...rest, thankReferrer: false, updatedAt: now.toISOString() };
      }),
    ),
  );
  await Promise.all([
    ...byReferrer.map((key) => deps.store.delete('referrals', key)),
    ...(referrer && emailKey ? [deps.store.delete('referrers', referrerKeys.byAddress(referrer.provider, emailKey))] : []),
    // Their choice of emails goes too: there is no one left to write to.
    deps.store.delete('referrers', preferencesKey(code)),
  ]);
  if (referrer) await deps.mailer.forget?.({ email: referrer.email, messages: recordKeys.map(outboxKeys.messageKeyOf) });
  // Last, so that a run that stops half-way can be run again from the same link.
  await deps.store.delete('referrers', referrerKeys.record(code));
}

/** A referrer confirms erasure from the link in an email to them. */
export const eraseReferrerByToken = useCase(ErasureInput, async (deps: Deps, input): Promise<Result<{ status: 'erased' }, UseCaseError>> => {
  const view = await forgetView(deps, input.token);
  if (!view.ok) return view;
  await eraseReferrer(deps, view.value.code);
  return ok({ status: 'erased' });
});
