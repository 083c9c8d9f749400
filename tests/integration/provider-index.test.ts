// The dashboard's summary and listings against the real Blobs server: kept exact by 100
// referrals and then 100 milestones at once, built once from a site that predates them, paged
// newest first with a stage filter, and exported as a streamed CSV.
//
// What failed before: the dashboard and the export read every referral the provider ever had
// (there was no summary to count from, and no listing by month or stage to page through).
import { getStore } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Stage } from '../../src/lib/domain/lifecycle.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { dashboardCharts, dashboardPage, dashboardRows, providerSummary, summaryCharts, summaryFigures } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { addedUp, indexKeys, type ProviderSummary, summaryOf, summaryParts } from '../../src/lib/domain/records/referrals.ts';
import { referrerPage } from '../../src/lib/domain/use-cases/referrer-page.ts';
import { drainOutbox } from '../../src/lib/domain/use-cases/drain-outbox.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { getExport, postAction, postReferral, postReferrer } from '../support/handlers.ts';
import { address, localServices, mailTo, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
signedLinks();
const tokens = createTokens(TEST_SECRET);

const referrals = () => getStore({ name: 'vouch-referrals', consistency: 'strong' });
const keysUnder = async (prefix: string) => (await referrals().list({ prefix })).blobs.map((blob) => blob.key);
/** The stored summary, its parts added up; null while any part is missing. */
async function storedSummary(provider: string): Promise<ProviderSummary | null> {
  const parts = (await Promise.all(summaryParts(provider).map((key) => referrals().get(key, { type: 'json' })))) as (ProviderSummary | null)[];
  return parts.every((part) => part !== null) ? addedUp(parts as ProviderSummary[]) : null;
}

/** Every referral of a provider, read one by one from its records (what the summary must agree with). */
async function everyReferral(provider: string): Promise<Referral[]> {
  const ids = (await keysUnder(`listing/${provider}/all/`)).map((key) => key.split('/').at(-1)!);
  const records = await Promise.all(ids.map((id) => referrals().get(`id/${id}`, { type: 'json' }) as Promise<Referral | null>));
  return records.filter((r): r is Referral => r !== null);
}

const provider = (slug: string) => createDeps().directory.get(slug)!;
const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

describe("a provider's summary under concurrent changes", () => {
  it('counts 100 referrals made at once and 100 milestones recorded at once exactly', async () => {
    const jane = provider('jane-okafor');
    const deps = createDeps();
    // The summary exists from the first dashboard view on; from then on every change keeps it.
    expect(await providerSummary(deps, jane)).toEqual({ version: 1, counts: {} });
    const referrer = address('referrer');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Amara Obi', email: referrer })).status).toBe(202);
    const code = tokenIn(mailTo(services.api, referrer)[0]!, 'r');

    const made = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const res = await postReferral({ provider: 'jane-okafor', ref: code, name: `Quentin Zabriskie ${i}`, email: address(`q${i}`), message: `Help ${i}`, consent: true });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      }),
    );
    // A hundred at once spread over the summary's parts; a request whose turn still came too
    // late would leave its intake mark, and the scheduler's next run count what it could not, once.
    await drainOutbox({ ...deps, clock: { now: () => new Date(Date.now() + 3 * 60_000) } }, { pause: async () => {} });
    expect(await keysUnder('intake/')).toEqual([]);
    let summary = (await storedSummary('jane-okafor'))!;
    expect(summary.counts.total).toBe(100);
    expect(summary.counts['stage:new']).toBe(100);
    expect(summary.counts[`referrer:${code}`]).toBe(100);

    const act = (id: string) => tokens.sign({ purpose: 'act', subject: `jane-okafor/${id}`, expiresAt: Date.now() + 3_600_000 })!;
    const steps = await Promise.all(made.map((id, i) => postAction({ token: act(id), action: i % 2 ? 'contacted' : 'declined', ...(i % 2 ? {} : { reason: 'timing' }) })));
    expect(steps.map((res) => res.status)).toEqual(made.map(() => 200));

    summary = (await storedSummary('jane-okafor'))!;
    const all = await everyReferral('jane-okafor');
    expect(all).toHaveLength(100);
    expect(summary.counts).toEqual(summaryOf(all).counts);
    expect(summaryFigures(summary).byStage).toMatchObject({ new: 0, contacted: 50, declined: 50 });
    expect(summary.counts['reason:timing']).toBe(50);
    // Each referral is listed under its stage and no other.
    const byStage = async (stage: Stage) => (await keysUnder(`listing/jane-okafor/${stage}/`)).map((key) => key.split('/').at(-1)).sort();
    expect(await byStage('new')).toEqual([]);
    expect(await byStage('contacted')).toEqual(all.filter((r) => r.stage === 'contacted').map((r) => r.id).sort());
    expect(await byStage('declined')).toEqual(all.filter((r) => r.stage === 'declined').map((r) => r.id).sort());
  });
});

describe('a site from before the summary', () => {
  /** 230 referrals over 14 months written as the product stored them then: records and `provider/<slug>/<id>`, no summary, no listing by month. */
  async function legacySite(slug: string): Promise<Referral[]> {
    const stages: Stage[] = ['new', 'contacted', 'met', 'working', 'declined', 'withdrawn'];
    const start = Date.UTC(2025, 0, 3, 9);
    const made = Array.from({ length: 230 }, (_, i): Referral => {
      const createdAt = new Date(start + i * 1.83 * 24 * 3_600_000).toISOString();
      const stage = stages[i % stages.length]!;
      const contacted = stage !== 'new' && stage !== 'withdrawn';
      return {
        id: `${Date.parse(createdAt).toString(36).padStart(9, '0')}legacy${String(i).padStart(4, '0')}`,
        provider: slug,
        kind: i % 3 ? 'recommendation' : 'introduction',
        referee: { name: `Ximena Legacy-Old ${i}`, email: `legacy${i}@example.org`, message: 'From before.' },
        consent: { contact: true, shareFirstName: false },
        selfReferral: false,
        thankReferrer: false,
        stage,
        ...(stage === 'declined' ? { reason: 'not-right-fit' as const } : {}),
        ...(contacted ? { contactedAt: new Date(Date.parse(createdAt) + (i % 7) * 5_400_000).toISOString() } : {}),
        history: contacted ? [{ stage: 'contacted', at: createdAt, by: 'provider' }] : [],
        createdAt,
        updatedAt: createdAt,
      };
    });
    await Promise.all(made.flatMap((r) => [referrals().setJSON(`id/${r.id}`, r), referrals().setJSON(`${indexKeys.legacy(slug)}${r.id}`, {})]));
    return made;
  }

  it('builds its summary and listings on the first view, then pages newest first and filters by stage reading only what it shows', async () => {
    const made = await legacySite('marcus-lee');
    const marcus = provider('marcus-lee');
    const deps = createDeps();
    expect(await storedSummary('marcus-lee')).toBeNull();

    const summary = await providerSummary(deps, marcus);
    expect(summary).toEqual(summaryOf(made));
    expect(await storedSummary('marcus-lee')).toEqual(summary);
    expect((await keysUnder('listing/marcus-lee/all/')).length).toBe(230);
    // The charts drawn from the summary are the ones drawn from every row.
    expect(await summaryCharts(deps, marcus, summary)).toEqual(dashboardCharts(await dashboardRows(deps, marcus), { responseHours: marcus.responseHours }));

    const newestFirst = made.map((r) => r.id).sort().reverse();
    const first = await dashboardPage(deps, marcus, summary);
    expect(ids(first.rows)).toEqual(newestFirst.slice(0, 50));
    expect(first.older).toBe(newestFirst[49]);
    const seen = [...ids(first.rows)];
    let older = first.older;
    while (older) {
      const page = await dashboardPage(deps, marcus, summary, { before: older });
      seen.push(...ids(page.rows));
      older = page.older;
    }
    expect(seen).toEqual(newestFirst);

    // A stage filter reads that stage's listing only: every row is at that stage, all of them come, newest first.
    const met = await dashboardPage(deps, marcus, summary, { stage: 'met', size: 20 });
    const metIds = made.filter((r) => r.stage === 'met').map((r) => r.id).sort().reverse();
    expect(ids(met.rows)).toEqual(metIds.slice(0, 20));
    const metNext = await dashboardPage(deps, marcus, summary, { stage: 'met', size: 20, before: met.older! });
    expect(ids(metNext.rows)).toEqual(metIds.slice(20, 39));
    expect(metNext.older).toBeUndefined();

    // A second view reads the stored summary; it does not build it again (a legacy key added since is not counted).
    await referrals().setJSON(`${indexKeys.legacy('marcus-lee')}${newestFirst[0]}x`, {});
    expect(await providerSummary(deps, marcus)).toEqual(summary);
  });

  it('exports every referral as a streamed CSV, newest first, one line each', async () => {
    const sofia = provider('sofia-marin');
    const made = await legacySite('sofia-marin');
    const cookie = `vouch_session=${tokens.sign({ purpose: 'session', subject: 'sofia-marin', expiresAt: Date.now() + 3_600_000, nonce: 'session-sofia' })}`;
    const res = await getExport(cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const reader = res.body!.getReader();
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value, { stream: true }));
    // The header goes out before any referral is read: the answer streams.
    expect(chunks[0]).toBe('"id","kind","stage","referee","email","phone","referred by","handed on by","received","respond by","hours to first contact"\r\n');
    const lines = chunks.join('').split('\r\n').slice(1, -1);
    expect(lines.map((line) => line.slice(1, line.indexOf('"', 1)))).toEqual(made.map((r) => r.id).sort().reverse());
    expect(lines[0]).toContain('"Ximena Legacy-Old 229","legacy229@example.org"');
    expect(await storedSummary('sofia-marin')).toEqual(summaryOf(made));
    expect(sofia.slug).toBe('sofia-marin');
  });
});

describe("a referrer's own page", () => {
  it('shows 120 referrals 50 at a time, newest first, reading only the page', async () => {
    const code = 'pagedReferrer000000001';
    const referrers = getStore({ name: 'vouch-referrers', consistency: 'strong' });
    await referrers.setJSON(`code/${code}`, { code, provider: 'jane-okafor', name: 'Perpetua Paged', email: 'paged@example.org', createdAt: new Date().toISOString() });
    const start = Date.UTC(2025, 2, 1);
    const made = Array.from({ length: 120 }, (_, i) => {
      const created = start + i * 3_600_000;
      return {
        id: `${created.toString(36).padStart(9, '0')}paged${String(i).padStart(4, '0')}`,
        provider: 'jane-okafor',
        kind: 'recommendation' as const,
        referrer: code,
        referee: { name: `Quintessa Paged ${i}`, email: `paged${i}@example.org`, message: 'Paged.' },
        consent: { contact: true as const, shareFirstName: true },
        selfReferral: false,
        thankReferrer: true,
        stage: 'new' as const,
        history: [],
        createdAt: new Date(created).toISOString(),
        updatedAt: new Date(created).toISOString(),
      };
    });
    await Promise.all(made.flatMap((r) => [referrals().setJSON(`id/${r.id}`, r), referrals().setJSON(`referrer/${code}/${Date.parse(r.createdAt)}-${r.id}`, {})]));
    const key = tokens.sign({ purpose: 'referrer', subject: code, expiresAt: Date.now() + 3_600_000 })!;
    const deps = createDeps();
    const names: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await referrerPage(deps, key, before ? { before } : {});
      if (!page.ok) throw new Error(page.error.code);
      expect(page.value.total).toBe(120);
      expect(page.value.rows.length).toBeLessThanOrEqual(50);
      names.push(...page.value.rows.map((row) => row.createdAt));
      expect(page.value.rows.every((row) => row.refereeFirstName === 'Quintessa')).toBe(true);
      before = page.value.older;
      pages += 1;
    } while (before);
    expect(pages).toBe(3);
    expect(names).toEqual(made.map((r) => r.createdAt).reverse());
  });
});
