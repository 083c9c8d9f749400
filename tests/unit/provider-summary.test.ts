// The provider summary's arithmetic: whatever order changes come in, adding each change's
// delta gives the summary counted from scratch, and the dashboard's figures read from it are
// the ones the rows give.
import { describe, expect, it } from 'vitest';
import { type DeclineReason, type Stage, stages } from '../../src/lib/domain/lifecycle.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { type DashboardRow, summarise, summaryFigures } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { addedUp, countNewReferral, deltaOf, monthsOf, partOf, type ProviderSummary, SUMMARY_PARTS, summaryOf, summaryParts, withDelta } from '../../src/lib/domain/records/referrals.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { referralFixture } from '../fixtures/domain.ts';

/** A tiny deterministic random source (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const reasons: DeclineReason[] = ['not-right-fit', 'timing', 'another-route', 'unreachable'];

describe('the provider summary', () => {
  it('adds up, change by change, to the summary counted from scratch, and drops counts back at zero', () => {
    const rand = random(18);
    const start = Date.UTC(2025, 0, 1);
    let summary: ProviderSummary = { version: 1, counts: {} };
    const current = new Map<string, Referral>();
    for (let step = 0; step < 2000; step++) {
      const roll = rand();
      if (roll < 0.4 || current.size === 0) {
        const time = start + Math.floor(rand() * 400) * 86_400_000;
        const r = referralFixture(new Date(time), {
          id: `${time.toString(36).padStart(9, '0')}${String(step).padStart(6, '0')}`,
          kind: rand() < 0.3 ? 'introduction' : 'recommendation',
          ...(rand() < 0.5 ? { referrer: `code${Math.floor(rand() * 5)}xxxxxxxxxxxxxxxxx` } : {}),
        });
        if (!r.referrer) delete r.referrer;
        summary = withDelta(summary, deltaOf(null, r));
        current.set(r.id, r);
      } else {
        const ids = [...current.keys()];
        const before = current.get(ids[Math.floor(rand() * ids.length)]!)!;
        if (roll > 0.97) {
          summary = withDelta(summary, deltaOf(before, null));
          current.delete(before.id);
          continue;
        }
        const stage = stages[Math.floor(rand() * stages.length)]! as Stage;
        const after: Referral = {
          ...before,
          stage,
          history: [...before.history, { stage, at: before.createdAt, by: 'provider' }],
          ...(stage === 'declined' ? { reason: reasons[Math.floor(rand() * reasons.length)]! } : {}),
          ...(stage === 'contacted' && !before.contactedAt ? { contactedAt: new Date(Date.parse(before.createdAt) + Math.floor(rand() * 100) * 360_000).toISOString() } : {}),
        };
        summary = withDelta(summary, deltaOf(before, after));
        current.set(after.id, after);
      }
    }
    expect(summary).toEqual(summaryOf([...current.values()]));
    expect(Object.values(summary.counts).every((n) => n > 0)).toBe(true);
    expect(summaryFigures(summary).total).toBe(current.size);
    expect(monthsOf(summary, 'all')).toEqual([...monthsOf(summary, 'all')].sort().reverse());
  });

  it('gives the median time to first contact the rows give', () => {
    const at = new Date(Date.UTC(2025, 5, 1));
    const hours = [2, 10, 4, 0.5, 30, 7.3];
    const referrals = hours.map((h, i) =>
      referralFixture(at, { id: `0mb${String(i).padStart(6, '0')}abc`, stage: 'contacted', contactedAt: new Date(at.getTime() + h * 3_600_000).toISOString() }),
    );
    for (const n of [hours.length, hours.length - 1]) {
      const rows = hours.slice(0, n).map((h) => ({ stage: 'contacted', hoursToFirstContact: h }) as DashboardRow);
      expect(summaryFigures(summaryOf(referrals.slice(0, n))).medianHoursToFirstContact).toBe(summarise(rows).medianHoursToFirstContact);
    }
  });
});

describe('counting a new referral', () => {
  it('counts it once however often it is asked, in the part its id falls in, which remembers only the latest it counted', async () => {
    const store = createMemoryStore();
    for (const key of summaryParts('jane-okafor')) await store.put('referrals', key, { version: 1, counts: {} });
    // Enough referrals that one part alone counts more than it remembers.
    const made = Array.from({ length: 1_200 }, (_, i) => referralFixture(new Date(Date.UTC(2030, 0, 1, 0, i)), { id: `id${String(i).padStart(8, '0')}` }));
    for (const referral of made) {
      // The request that stored it, a repeat finishing its work, the scheduler: three asks, one count.
      await countNewReferral({ store }, referral);
      await countNewReferral({ store }, referral);
      await Promise.all([countNewReferral({ store }, referral), countNewReferral({ store }, referral)]);
    }
    const parts = summaryParts('jane-okafor').map((key) => store.peek<ProviderSummary>('referrals', key)!);
    expect(addedUp(parts).counts).toEqual(summaryOf(made).counts);
    parts.forEach((part, n) => {
      const mine = made.filter((referral) => partOf(referral.id) === n);
      // Spread over every part, none with more than twice its share.
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.length).toBeLessThan((2 * made.length) / SUMMARY_PARTS);
      expect(part.counts).toEqual(summaryOf(mine).counts);
      expect(part.recent).toEqual(mine.slice(-64).map((referral) => referral.id));
    });
  });

  it('leaves a provider without a summary alone: it is built from the listings when first asked for', async () => {
    const store = createMemoryStore();
    await countNewReferral({ store }, referralFixture(new Date(Date.UTC(2030, 0, 1))));
    for (const key of summaryParts('jane-okafor')) expect(store.peek('referrals', key)).toBeUndefined();
  });
});
