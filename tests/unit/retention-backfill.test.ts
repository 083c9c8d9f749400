// The retention backfill for a site from before the due keys: it lists the records slice by
// slice of time, never the whole site at once, resumes where a run stopped, gives every
// referral not erased exactly one key, and is then done.
import { describe, expect, it } from 'vitest';
import { dueKeys, firstRetentionCheck, referralKeys, slices } from '../../src/lib/domain/records/referrals.ts';
import { backfillRetention } from '../../src/lib/domain/use-cases/apply-retention.ts';
import type { Collection, Store } from '../../src/lib/domain/ports.ts';
import { referralFixture, site } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 6);
const idAt = (time: number, n: number) => `${time.toString(36).padStart(9, '0')}${String(n).padStart(20, '0')}`;

/** The store, with every listing it was asked for. */
function listed(store: Store) {
  const prefixes: string[] = [];
  return { prefixes, store: { ...store, list: (collection: Collection, prefix: string) => (prefixes.push(prefix), store.list(collection, prefix)) } };
}

describe('slices of referral ids', () => {
  it('follow time order as text, a slice about 26 days long, so that a listing by slice holds only its referrals', () => {
    const a = slices.of(Date.UTC(2025, 0, 1));
    const b = slices.of(Date.UTC(2025, 0, 1) + 40 * DAY);
    expect(a < b).toBe(true);
    expect(slices.next(a) <= b).toBe(true);
    expect(idAt(Date.UTC(2025, 0, 1), 1).startsWith(a)).toBe(true);
    expect(slices.next('0zz')).toBe('100');
  });
});

describe('the retention backfill', () => {
  it('lists one slice at a time, resumes across runs, and writes one key per referral not erased', async () => {
    const memory = createMemoryStore();
    const times = [now - 700 * DAY, now - 699 * DAY, now - 300 * DAY, now - 30 * DAY, now - DAY];
    const ids = times.map((time, n) => idAt(time, n));
    for (const [n, id] of ids.entries()) await memory.put('referrals', referralKeys.record(id), referralFixture(new Date(times[n]!), { id }));
    await memory.put('referrals', referralKeys.erased(ids[2]!), {});
    const { store, prefixes } = listed(memory);
    const deps = { store, clock: { now: () => new Date(now) }, retention: site.retention };

    const written: number[] = [];
    for (let run = 0; run < 200 && !(await memory.get<{ done?: true }>('referrals', dueKeys.retentionBackfill()))?.done; run++) {
      written.push(await backfillRetention(deps, 1));
    }
    expect(written.reduce((a, b) => a + b, 0)).toBe(4);
    // Each run stopped after the slice in which it wrote its one key.
    expect(written.filter((n) => n > 0)).toEqual([2, 1, 1]);
    expect(prefixes.every((prefix) => /^(id|erased)\/[0-9a-z]{3}$/.test(prefix))).toBe(true);
    const keys = await memory.list('referrals', 'retain/');
    for (const [n, id] of ids.entries()) {
      const mine = keys.filter((key) => key.endsWith(`-${id}`));
      expect(mine, id).toHaveLength(n === 2 ? 0 : 1);
      if (n !== 2) expect(mine[0]).toBe(dueKeys.at('retain', Math.max(firstRetentionCheck(id, site.retention), now), id));
    }
    expect(await backfillRetention(deps)).toBe(0);
  });

  it('stops after the slice in which its time ran out, and the next run goes on from there', async () => {
    const memory = createMemoryStore();
    const times = [now - 700 * DAY, now - 300 * DAY, now - DAY];
    const ids = times.map((time, n) => idAt(time, n));
    for (const [n, id] of ids.entries()) await memory.put('referrals', referralKeys.record(id), referralFixture(new Date(times[n]!), { id }));
    // A clock that moves a second with every reading: a budget of 1.5 s lasts one slice.
    let reading = 0;
    const deps = { store: memory, clock: { now: () => new Date(now + 1_000 * reading++) }, retention: site.retention };
    const written: number[] = [];
    for (let run = 0; run < 200 && !(await memory.get<{ done?: true }>('referrals', dueKeys.retentionBackfill()))?.done; run++) {
      written.push(await backfillRetention(deps, 20_000, 1_500));
    }
    expect(written.length).toBeGreaterThan(3);
    expect(written.reduce((a, b) => a + b, 0)).toBe(3);
    expect(Math.max(...written)).toBe(1);
    expect(await memory.list('referrals', 'retain/')).toHaveLength(3);
  });
});
