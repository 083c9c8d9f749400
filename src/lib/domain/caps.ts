import type { Collection, Store } from './ports.ts';

/** A slot claimed under a cap: its key, and whether this call took it (false: its owner already held it). */
export type Slot = { key: string; fresh: boolean };

/**
 * Claims one of `cap` slots under `prefix` (keys `<prefix>0` … `<prefix><cap-1>`), each by a
 * write that succeeds only for a new key: of any number of callers at once, at most `cap`
 * get one, whatever they read before. The listing only skips slots already known taken. A
 * caller whose `owner` already holds a slot (a repeated submission) gets that slot back
 * instead of a second one. Answers the slot, or null when all are taken by others.
 */
export async function claimSlot(store: Store, collection: Collection, prefix: string, cap: number, owner: string): Promise<Slot | null> {
  const taken = new Set(await store.list(collection, prefix));
  const holders = await Promise.all([...taken].map(async (key) => ({ key, owner: (await store.get<{ owner?: string }>(collection, key))?.owner })));
  const mine = holders.find((holder) => holder.owner === owner);
  if (mine) return { key: mine.key, fresh: false };
  for (let slot = 0; slot < cap; slot++) {
    const key = `${prefix}${slot}`;
    if (taken.has(key)) continue;
    if ((await store.create(collection, key, { owner })) === 'created') return { key, fresh: true };
    // Taken since the listing: by this owner's other request, maybe.
    if ((await store.get<{ owner?: string }>(collection, key))?.owner === owner) return { key, fresh: false };
  }
  return null;
}
