import { deliver, enqueue, pending } from '../deliver.ts';
import { invalidInput, type UseCaseError } from '../errors.ts';
import { optional } from '../optional.ts';
import type { ProviderEntry } from '../provider.ts';
import type { OutboxMessage } from '../ports.ts';
import { StorageUnavailable } from '../ports.ts';
import { ReferralInput, type Referral, type Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { greetingName, normaliseEmail } from '../text.ts';
import type { Deps } from './deps.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Thank-yous one personal link can trigger in 24 hours; past it, referrals still count but its owner's inbox is spared. */
export const THANKS_PER_LINK_PER_DAY = 10;

/** What the referee is told on success. */
export type SubmittedReferral = { id: string; provider: string };

type Claim = { id: string; createdAt: string };

/**
 * A referee asks a provider to contact them. The referral and its emails are stored
 * before anything is sent; then the referee is confirmed, the provider alerted and the
 * referrer thanked, whatever comes of it.
 *
 * The same submission twice (a double click, a network retry, a replay) is one referral:
 * "the same" is the same provider and the same fields, the email compared case-blind,
 * within 24 hours. It answers with the first referral's id and sends nothing new.
 */
export async function submitReferral(deps: Deps, raw: unknown): Promise<Result<SubmittedReferral, UseCaseError>> {
  const parsed = ReferralInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) return err(invalidInput(parsed.error));
  const input = parsed.data;
  const provider = deps.directory.get(input.provider);
  if (!provider) return err({ code: 'unknown_provider' });

  try {
    const now = deps.clock.now();
    const fingerprint = deps.ids.digest(
      JSON.stringify([provider.slug, normaliseEmail(input.email), input.name, input.phone ?? '', input.message, input.ref ?? '', input.shareFirstName]),
    );
    const bucket = Math.floor(now.getTime() / DAY_MS);
    const claimKey = (b: number) => `submission/${provider.slug}/${fingerprint}/${b}`;
    const [current, previous, referrer] = await Promise.all([
      deps.store.get<Claim>('referrals', claimKey(bucket)),
      deps.store.get<Claim>('referrals', claimKey(bucket - 1)),
      input.ref ? deps.store.get<Referrer>('referrers', `code/${input.ref}`) : null,
    ]);
    const earlier = current ?? previous;
    if (earlier && now.getTime() - Date.parse(earlier.createdAt) < DAY_MS) return ok(await replay(deps, earlier.id, provider));

    // A code from another provider's link does not attribute, and says nothing about why.
    const attributedTo = referrer?.provider === provider.slug ? referrer : null;
    const selfReferral = attributedTo !== null && normaliseEmail(attributedTo.email) === normaliseEmail(input.email);
    const referral: Referral = {
      id: deps.ids.referralId(),
      provider: provider.slug,
      kind: 'recommendation',
      ...optional('referrer', attributedTo?.code),
      referee: { name: input.name, email: input.email, ...optional('phone', input.phone), message: input.message },
      consent: { contact: true, shareFirstName: input.shareFirstName },
      selfReferral,
      thankReferrer: attributedTo !== null && !selfReferral && (await thanksToday(deps, attributedTo.code, now)) < THANKS_PER_LINK_PER_DAY,
      status: 'new',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };

    // The referral is written before the claim, so whoever finds the claim finds the referral.
    await deps.store.put('referrals', `id/${referral.id}`, referral);
    if ((await deps.store.create('referrals', claimKey(bucket), { id: referral.id, createdAt: referral.createdAt })) === 'exists') {
      await deps.store.delete('referrals', `id/${referral.id}`);
      const winner = await deps.store.get<Claim>('referrals', claimKey(bucket));
      if (!winner) throw new StorageUnavailable('submission claim vanished');
      return ok(await replay(deps, winner.id, provider));
    }
    const [, , created] = await Promise.all([
      deps.store.put('referrals', `provider/${provider.slug}/${referral.id}`, {}),
      attributedTo ? deps.store.put('referrals', `referrer/${attributedTo.code}/${now.getTime()}-${referral.id}`, {}) : null,
      enqueue(deps, messagesFor(referral, provider, attributedTo, now), { fresh: true }),
    ]);
    await deliver(deps, created);
    return ok({ id: referral.id, provider: provider.slug });
  } catch (error) {
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
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
  const referral = await deps.store.get<Referral>('referrals', `id/${id}`);
  if (referral) {
    const referrer = referral.referrer ? await deps.store.get<Referrer>('referrers', `code/${referral.referrer}`) : null;
    await enqueue(deps, messagesFor(referral, provider, referrer, deps.clock.now()));
  }
  return { id, provider: provider.slug };
}

/** The emails a new referral sends, built through the redaction rules of DESIGN.md. */
export function messagesFor(
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  now: Date,
): OutboxMessage[] {
  const respondBy = new Date(Date.parse(referral.createdAt) + provider.responseHours * 3_600_000);
  const about = { provider: provider.slug, referral: referral.id };
  const referrerFirstName = referrer ? greetingName(referrer.name) : undefined;
  const messages: OutboxMessage[] = [
    pending(
      {
        key: `${referral.id}-referee-confirmation`,
        ...about,
        role: 'referee',
        to: [referral.referee.email],
        content: {
          template: 'referee-confirmation',
          ...optional('refereeFirstName', greetingName(referral.referee.name)),
          providerName: provider.name,
          responseHours: provider.responseHours,
          ...optional('referrerFirstName', referrerFirstName),
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
          respondBy: respondBy.toISOString(),
          shareFirstName: referral.consent.shareFirstName,
        },
      },
      now,
    ),
  ];
  if (referrer && referral.thankReferrer) {
    messages.push(
      pending(
        {
          key: `${referral.id}-referrer-thanks`,
          ...about,
          role: 'referrer',
          to: [referrer.email],
          content: {
            template: 'referrer-thanks',
            ...optional('referrerFirstName', referrerFirstName),
            providerName: provider.name,
            responseHours: provider.responseHours,
            ...optional('refereeFirstName', referral.consent.shareFirstName ? greetingName(referral.referee.name) : undefined),
          },
        },
        now,
      ),
    );
  }
  return messages;
}
