import { deliver, pending } from '../deliver.ts';
import { invalidInput, type UseCaseError } from '../errors.ts';
import type { ProviderEntry } from '../provider.ts';
import type { OutboxMessage } from '../ports.ts';
import { StorageUnavailable } from '../ports.ts';
import { ReferralInput, type Referral, type Referrer } from '../referral.ts';
import { err, ok, type Result } from '../result.ts';
import { firstNameOf, normaliseEmail } from '../text.ts';
import type { Deps } from './deps.ts';

/** What the referee is told on success. */
export type SubmittedReferral = { id: string; provider: string };

/**
 * A referee asks a provider to contact them. The referral and its three emails are
 * stored before anything is sent; then the referee is confirmed, the provider alerted
 * and the referrer thanked, whatever comes of it.
 */
export async function submitReferral(deps: Deps, raw: unknown): Promise<Result<SubmittedReferral, UseCaseError>> {
  const parsed = ReferralInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) return err(invalidInput(parsed.error));
  const input = parsed.data;
  const provider = deps.directory.get(input.provider);
  if (!provider) return err({ code: 'unknown_provider' });

  try {
    const now = deps.clock.now();
    const referrer = input.ref ? await deps.store.get<Referrer>('referrers', `code/${input.ref}`) : null;
    // A code from another provider's link does not attribute, and says nothing about why.
    const attributedTo = referrer?.provider === provider.slug ? referrer : null;
    const referral: Referral = {
      id: deps.ids.referralId(),
      provider: provider.slug,
      kind: 'recommendation',
      ...(attributedTo ? { referrer: attributedTo.code } : {}),
      referee: {
        name: input.name,
        email: input.email,
        ...(input.phone ? { phone: input.phone } : {}),
        message: input.message,
      },
      consent: { contact: true, shareFirstName: input.shareFirstName },
      selfReferral: attributedTo !== null && normaliseEmail(attributedTo.email) === normaliseEmail(input.email),
      status: 'new',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };

    await deps.store.put('referrals', `id/${referral.id}`, referral);
    await deps.store.put('referrals', `provider/${provider.slug}/${referral.id}`, {});
    if (attributedTo) await deps.store.put('referrals', `referrer/${attributedTo.code}/${referral.id}`, {});

    const messages = messagesFor(referral, provider, attributedTo, now);
    for (const message of messages) await deps.store.create('outbox', `msg/${message.key}`, message);

    await deliver(deps, messages);
    return ok({ id: referral.id, provider: provider.slug });
  } catch (error) {
    if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
    throw error;
  }
}

/** The emails a new referral sends, built through the redaction rules of DESIGN.md. */
export function messagesFor(
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  now: Date,
): OutboxMessage[] {
  const respondBy = new Date(Date.parse(referral.createdAt) + provider.responseHours * 3_600_000);
  const messages: OutboxMessage[] = [
    pending(
      {
        key: `${referral.id}-referee-confirmation`,
        role: 'referee',
        to: [referral.referee.email],
        content: {
          template: 'referee-confirmation',
          refereeFirstName: firstNameOf(referral.referee.name),
          providerName: provider.name,
          responseHours: provider.responseHours,
          ...(referrer ? { referrerFirstName: firstNameOf(referrer.name) } : {}),
        },
      },
      now,
    ),
    pending(
      {
        key: `${referral.id}-provider-alert`,
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
          ...(referral.referee.phone ? { refereePhone: referral.referee.phone } : {}),
          message: referral.referee.message,
          ...(referrer ? { referrerName: referrer.name } : {}),
          responseHours: provider.responseHours,
          respondBy: respondBy.toISOString(),
          shareFirstName: referral.consent.shareFirstName,
        },
      },
      now,
    ),
  ];
  if (referrer && !referral.selfReferral) {
    messages.push(
      pending(
        {
          key: `${referral.id}-referrer-thanks`,
          role: 'referrer',
          to: [referrer.email],
          content: {
            template: 'referrer-thanks',
            referrerFirstName: firstNameOf(referrer.name),
            providerName: provider.name,
            responseHours: provider.responseHours,
            ...(referral.consent.shareFirstName ? { refereeFirstName: firstNameOf(referral.referee.name) } : {}),
          },
        },
        now,
      ),
    );
  }
  return messages;
}
