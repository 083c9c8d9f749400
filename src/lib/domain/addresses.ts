// How two email addresses are compared: never how one is written to, which is always as typed.

/** The lower-cased form of an address, used to compare and to key records. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The form of an address that tells whether two addresses reach the same inbox, for matching
 * only (self-referrals, repeated submissions, who said no), never for sending: lower case,
 * without a `+tag`, and for Gmail (and googlemail.com) without the dots that Gmail ignores.
 */
export function inboxOf(email: string): string {
  const address = normaliseEmail(email);
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (domain === 'gmail.com') local = local.replace(/\./g, '') || local;
  return `${local}@${domain}`;
}
