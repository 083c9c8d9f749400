// The one way a stored referral changes: from what is stored when it is written, and never
// giving an erased referral its referee back, whatever the change answers.
//
// Before (main at f9932c7) there was no such helper: each use case put back the referral it
// had read earlier, so a milestone written after an erasure restored the referee's details.
import { describe, expect, it } from 'vitest';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { changeReferral } from '../../src/lib/domain/records/referrals.ts';
import { referralFixture, site } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const at = new Date('2030-03-04T09:30:00.000Z');
const depsOf = (store: ReturnType<typeof createMemoryStore>) => ({ store, clock: { now: () => at }, retention: site.retention });

describe('changeReferral', () => {
  it('changes the referral as stored at the time of writing, not as read before', async () => {
    const store = createMemoryStore();
    const stale = referralFixture(at);
    await store.put('referrals', `id/${stale.id}`, { ...stale, stage: 'contacted' });
    const outcome = await changeReferral(depsOf(store), stale.id, (current) => ({ ...current, history: [...current.history, { stage: 'met', at: at.toISOString(), by: 'provider' }], stage: 'met' }));
    expect(outcome).toMatchObject({ changed: true, referral: { stage: 'met' } });
  });

  it('keeps an erased referral erased even when the change hands back the old referee', async () => {
    const store = createMemoryStore();
    const before = referralFixture(at);
    const erasedAt = '2030-03-05T00:00:00.000Z';
    await store.put('referrals', `id/${before.id}`, { ...before, referee: { name: '', email: '', message: '' }, erasedAt });
    const outcome = await changeReferral(depsOf(store), before.id, (current) => ({ ...current, referee: before.referee, stage: 'contacted' }));
    const stored = store.peek<Referral>('referrals', `id/${before.id}`)!;
    expect(stored).toMatchObject({ stage: 'contacted', erasedAt, referee: { name: '', email: '', message: '' } });
    expect(JSON.stringify(stored)).not.toContain(before.referee.email);
    expect(outcome?.referral.referee.name).toBe('');
  });

  it('writes nothing when the change answers null, and answers null for a missing referral', async () => {
    const store = createMemoryStore();
    const referral = referralFixture(at);
    await store.put('referrals', `id/${referral.id}`, referral);
    expect(await changeReferral(depsOf(store), referral.id, () => null)).toEqual({ referral, changed: false });
    expect(await changeReferral(depsOf(store), 'no-such-referral', (r) => r)).toBeNull();
  });
});
