// Who an email may go to (ARCHITECTURE.md, "Who sees what"): a referee at the address
// stored with their own referral, a referrer at the address they proved they own by asking for
// their link, a provider at notification addresses from their content file. Never an address
// from a request. Each email's builder says which, and about which referral.
import type { MessageDraft } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';

/** A message's envelope: whose it is, what it is about, and to whom. */
type Envelope = Pick<MessageDraft, 'provider' | 'referral' | 'role' | 'to'>;

/** A referral's referee, at the address stored with it. */
export const toReferee = (referral: Pick<Referral, 'id' | 'referee'>, provider: Pick<ProviderEntry, 'slug'>): Envelope => ({
  provider: provider.slug,
  referral: referral.id,
  role: 'referee',
  to: [referral.referee.email],
});

/** A referrer, at their verified address, about `referral` when there is one. */
export const toReferrer = (referrer: Pick<Referrer, 'email'>, provider: Pick<ProviderEntry, 'slug'>, referral?: Pick<Referral, 'id'>): Envelope => ({
  provider: provider.slug,
  ...(referral ? { referral: referral.id } : {}),
  role: 'referrer',
  to: [referrer.email],
});

/** A provider, at `addresses` among those of their content file (every notification address unless said), about `referral` when there is one. */
export const toProvider = (provider: Pick<ProviderEntry, 'slug' | 'notify'>, referral: string | undefined, addresses: string[] = provider.notify): Envelope => ({
  provider: provider.slug,
  ...(referral ? { referral } : {}),
  role: 'provider',
  to: addresses,
});
