// Who an email may go to (ARCHITECTURE.md, "Who sees what"): a referee at the address
// stored with their own referral, a referrer at the address they proved they own by asking for
// their link, a provider at notification addresses from their content file. Never an address
// from a request. Each email's builder says which, and about which referral.
// It names only the fields it reads, and no type of the domain's, so that every email's file
// stands on it at no cost in floors; a draft it goes into checks the envelope's shape.

/** A message's envelope: whose it is, what it is about, and to whom (`MessageDraft`'s fields of the same names). */
type Envelope = { provider: string; referral?: string; role: 'referrer' | 'referee' | 'provider'; to: string[] };

/** A referral's referee, at the address stored with it. */
export const toReferee = (referral: { id: string; referee: { email: string } }, provider: { slug: string }): Envelope => ({
  provider: provider.slug,
  referral: referral.id,
  role: 'referee',
  to: [referral.referee.email],
});

/** A referrer, at their verified address, about `referral` when there is one. */
export const toReferrer = (referrer: { email: string }, provider: { slug: string }, referral?: { id: string }): Envelope => ({
  provider: provider.slug,
  ...(referral ? { referral: referral.id } : {}),
  role: 'referrer',
  to: [referrer.email],
});

/** A provider, at `addresses` among those of their content file (every notification address unless said), about `referral` when there is one. */
export const toProvider = (provider: { slug: string; notify: string[] }, referral: string | undefined, addresses: string[] = provider.notify): Envelope => ({
  provider: provider.slug,
  ...(referral ? { referral } : {}),
  role: 'provider',
  to: addresses,
});
