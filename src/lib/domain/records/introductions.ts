import type { Ids, Store } from '../ports.ts';
import type { Clock } from '../time.ts';
import { inboxOf } from '../addresses.ts';

/**
 * Keys of the introduction rules. Every one holds a digest of the address (as `inboxOf`
 * matches it), never the address itself.
 */
export const introductionKeys = {
  /** An address whose owner declined or had their details erased: never introduced again. */
  refused: (digest: string) => `no-introductions/${digest}`,
  /** A referrer's introduction slots for a day (see `claimSlot`). */
  byReferrer: (code: string, day: number) => `introductions/by/${code}/${day}/`,
  /** The one introduction notice an address may get in a day, whoever introduces it. */
  toAddress: (digest: string, day: number) => `introductions/to/${digest}/${day}`,
};

/** The one-way digest an address is remembered by, as `inboxOf` matches it. */
export const digestOf = (deps: { ids: Pick<Ids, 'digest'> }, email: string) => deps.ids.digest(inboxOf(email));

/** Remembers, as a one-way digest, that an address is not to be introduced again. */
export async function rememberRefusal(deps: { store: Store; ids: Pick<Ids, 'digest'>; clock: Clock }, email: string): Promise<void> {
  if (!email) return;
  await deps.store.create('suppressions', introductionKeys.refused(digestOf(deps, email)), { at: deps.clock.now().toISOString() });
}
