import { z } from 'zod';
import type { SuppressionReason, Ids, Store } from './ports.ts';
import { normaliseEmail } from './addresses.ts';

/** A suppressed address, as stored under a digest of the address: the record never holds the address itself. */
export type Suppression = {
  reason: SuppressionReason;
  /** The mail API's bounce type ("Permanent"), when it gave one. */
  bounceType?: string;
  bounceSubType?: string;
  /** When the bounce or complaint happened, ISO 8601. */
  at: string;
  /** The mail API's id of the email that bounced or was complained about. */
  emailId: string;
};

/** A bounce or complaint reported by the mail API, already verified and parsed by an adapter. */
export type DeliveryEvent = {
  kind: SuppressionReason;
  emailId: string;
  /** Every recipient of the email the event is about. */
  recipients: string[];
  at: string;
  bounceType?: string;
  bounceSubType?: string;
};

/** The key of an address's suppression record: a digest of the normalised address, never the address. */
export const suppressionKey = (ids: Pick<Ids, 'digest'>, address: string): string =>
  `address/${ids.digest(normaliseEmail(address))}`;

/**
 * Whether an event stops further mail to its address. A complaint always does. A bounce
 * does unless the mail API calls it temporary ("Transient": a full mailbox, a server
 * down) or could not tell ("Undetermined"): a referee must not lose their confirmation
 * because their inbox was full once, and the outbox already retries what failed.
 */
export function suppresses(event: Pick<DeliveryEvent, 'kind' | 'bounceType'>): boolean {
  if (event.kind === 'complained') return true;
  const type = event.bounceType?.trim().toLowerCase();
  return type !== 'transient' && type !== 'undetermined';
}

/**
 * A suppression record as read back. Whatever is stored under an address's key suppresses it:
 * a record that does not read as one counts as a complaint (the strictest reason), so that a
 * damaged record never lets mail through to someone who asked for none.
 */
const StoredSuppression = z.looseObject({
  reason: z.enum(['bounced', 'complained']).catch('complained'),
  bounceType: z.string().optional().catch(undefined),
  bounceSubType: z.string().optional().catch(undefined),
  at: z.string().catch(''),
  emailId: z.string().catch(''),
});

/** A stored suppression record as read (nothing stored: null). */
export const asSuppression = (stored: unknown): Suppression | null =>
  stored === null || stored === undefined ? null : (StoredSuppression.parse(typeof stored === 'object' ? stored : {}) as Suppression);

/** The suppression records of some addresses, read side by side, by normalised address; unsuppressed ones are absent. */
export async function suppressionsOf(
  deps: { store: Store; ids: Pick<Ids, 'digest'> },
  addresses: string[],
): Promise<Map<string, Suppression>> {
  const unique = [...new Set(addresses.map(normaliseEmail))];
  const records = await Promise.all(unique.map(async (address) => asSuppression(await deps.store.get<unknown>('suppressions', suppressionKey(deps.ids, address)))));
  const found = new Map<string, Suppression>();
  unique.forEach((address, index) => {
    const record = records[index];
    if (record) found.set(address, record);
  });
  return found;
}
