// How the dashboard, its CSV export, the referrer's own page and the scheduled jobs cost as a
// provider's referrals grow: seeds 100, 1,000, 10,000 and 50,000 referrals (then 100,000 across
// the site for the jobs) into the real Blobs server in a process of its own, and prints Blobs
// calls and time per view and per job run, with every Blobs call held `--rtt-ms` (10) as a
// network would, beside a bare baseline in the same run: one Blobs read. The Blobs server answers
// a read with the blob's version, as Netlify's does (bench/blobs-etag.ts).
//
//   npm run bench:scale -- [--sizes 100,1000,10000,50000] [--jobs 100000] [--rtt-ms 10] [--runs 5]
//
// The views are the calls the pages and the export make (their use cases, the export's
// function module as Netlify runs it, its body read to the end); HTML rendering is not timed.
// Tables on stdout, JSON in bench/results/scale.json.
import { deepStrictEqual } from 'node:assert';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { globalAgent } from 'node:http';
import { parseArgs } from 'node:util';
import { getStore } from '@netlify/blobs';
import { createDeps } from '../src/lib/adapters/deps.ts';
import { createTokens } from '../src/lib/adapters/tokens.ts';
import type { DeclineReason, Stage } from '../src/lib/domain/lifecycle.ts';
import type { Referral, Referrer } from '../src/lib/domain/referral.ts';
import { applyRetention } from '../src/lib/domain/use-cases/apply-retention.ts';
import { dueKeys, firstRetentionCheck, progressedStages, referralKeys, indexKeys, summaryOf, summaryParts } from '../src/lib/domain/records/referrals.ts';
import { dashboardPage, providerSummary, reciprocity, rebuildProviderIndex, summaryCharts } from '../src/lib/domain/use-cases/provider-dashboard.ts';
import { referrerPage } from '../src/lib/domain/use-cases/referrer-page.ts';
import { remindProviders } from '../src/lib/domain/use-cases/remind-providers.ts';
import { startBlobsProcess } from '../scripts/lib/blobs-server.ts';
import { startBlobsProxy } from './blobs-proxy.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,1000,10000,50000' },
    jobs: { type: 'string', default: '100000' },
    'rtt-ms': { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const jobsAt = Number(values.jobs);
const rttMs = Number(values['rtt-ms']);
const runs = Number(values.runs);
const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const PROVIDER = 'jane-okafor';
const SECRET = 'bench-secret-bench-secret-bench-secret';

// ---------------------------------------------------------------- Blobs calls, counted and delayed

// Reads answer the blob's version as on Netlify (see blobs-etag.ts).
const blobs = await startBlobsProcess({ latencyMs: 0, imports: [new URL('./blobs-etag.ts', import.meta.url).href] });
// Every Blobs call is counted and held `delay` ms by a proxy (bench/blobs-proxy.ts): the store's
// adapter calls Blobs on Node's own HTTP client, not `fetch`.
let counting = 0;
const proxy = await startBlobsProxy(blobs.url, { onCall: () => void (counting += 1) });
const agentless = globalAgent;
agentless.maxSockets = 256;
Object.assign(process.env, { VOUCH_SECRET: SECRET, VOUCH_BASE_URL: 'http://127.0.0.1', NODE_ENV: 'test' });
delete process.env.RESEND_API_KEY;
process.env.MAILBOX_DIR = join(root, '.vouch/bench-mailbox');
const deps = createDeps();
const tokens = createTokens(SECRET);
const jane = deps.directory.get(PROVIDER)!;

// ---------------------------------------------------------------- seeding

const store = getStore({ name: 'vouch-referrals', consistency: 'strong' });
const referrers = getStore({ name: 'vouch-referrers', consistency: 'strong' });

/** Runs `work` for each item with `width` in flight. */
async function parallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const STAGES: Stage[] = ['new', 'contacted', 'contacted', 'met', 'met', 'working', 'working', 'working', 'declined', 'declined', 'withdrawn', 'handed-on'];
const REASONS: DeclineReason[] = ['not-right-fit', 'timing', 'another-route', 'unreachable'];
const codes = Array.from({ length: 200 }, (_, i) => `benchReferrer${String(i).padStart(9, '0')}`);
/** The referrer whose own page is measured: their referrals are the first 1,000 made. */
const heavy = codes[0]!;

/** Referral `i` of `provider`: spread over the two years before now, newest last. */
function referral(provider: string, i: number, total: number): Referral {
  const now = Date.now();
  const created = now - 2 * 365 * 86_400_000 + Math.floor(((i + 0.5) / total) * 2 * 365 * 86_400_000);
  const createdAt = new Date(created).toISOString();
  const stage = STAGES[i % STAGES.length]!;
  const contacted = stage !== 'new' && stage !== 'withdrawn';
  const code = i < 1000 ? heavy : i % 3 === 0 ? undefined : codes[i % codes.length];
  return {
    id: `${created.toString(36).padStart(9, '0')}${provider.slice(0, 4)}${String(i).padStart(12, '0')}`,
    provider,
    kind: i % 4 ? 'recommendation' : 'introduction',
    ...(code ? { referrer: code } : {}),
    referee: { name: `Benedetta Scalabrini-Ostrowska ${i}`, email: `referee.${provider}.${i}@example.org`, phone: '+44 7700 900123', message: 'A pension, an ISA and a house move; who should I speak to first?' },
    consent: { contact: true, shareFirstName: i % 2 === 0 },
    selfReferral: false,
    thankReferrer: Boolean(code),
    stage,
    ...(stage === 'declined' ? { reason: REASONS[i % REASONS.length]! } : {}),
    ...(contacted ? { contactedAt: new Date(created + ((i % 50) + 1) * 1_800_000).toISOString() } : {}),
    history: contacted ? [{ stage: 'contacted', at: new Date(created + 3_600_000).toISOString(), by: 'provider' }] : [],
    createdAt,
    updatedAt: createdAt,
  };
}

/** The retention key a referral has on a site whose job ran every day: its next check, if any is to come. */
function retentionKey(r: Referral): string | null {
  const first = firstRetentionCheck(r.id, deps.retention);
  if (first > Date.now()) return dueKeys.at('retain', first, r.id);
  const all = Date.parse(r.createdAt) + deps.retention.allDays * 86_400_000;
  return progressedStages.includes(r.stage) && all > Date.now() ? dueKeys.at('retain', all, r.id) : null;
}

/** Stores referrals `from..to-1` of a provider of `total` with every key the product writes for them. */
async function seed(provider: string, from: number, to: number, total: number): Promise<Referral[]> {
  const made = Array.from({ length: to - from }, (_, k) => referral(provider, from + k, total));
  const responseHours = deps.directory.get(provider)!.responseHours;
  await parallel(made, 64, async (r) => {
    await Promise.all([
      store.setJSON(`id/${r.id}`, r),
      store.setJSON(indexKeys.listing(provider, 'all', r.id), {}),
      store.setJSON(indexKeys.listing(provider, r.stage, r.id), {}),
      // As the jobs leave a site that has run all along: what is past was handled, what is to come has its key.
      retentionKey(r) ? store.setJSON(retentionKey(r)!, {}) : null,
      r.stage === 'new' && Date.parse(r.createdAt) + responseHours * 3_600_000 > Date.now()
        ? store.setJSON(dueKeys.at('remind', Date.parse(r.createdAt) + responseHours * 3_600_000, r.id), { step: 'remind' })
        : null,
      r.referrer === heavy ? store.setJSON(referralKeys.byReferrer(heavy, Date.parse(r.createdAt), r.id), {}) : null,
    ]);
  });
  return made;
}

// ---------------------------------------------------------------- measuring

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
type Figure = { view: string; size: number; calls: number; p50: number; max: number; bytes?: number };

/** Runs `view` `times` times with the round trip on, answering its Blobs calls (the last run's) and times in ms. */
async function measure(view: string, size: number, run: () => Promise<number | void>, times = runs): Promise<Figure> {
  const ms: number[] = [];
  let calls = 0;
  let bytes: number | undefined;
  for (let i = 0; i < times; i++) {
    proxy.setDelay(rttMs);
    counting = 0;
    const start = performance.now();
    const out = await run();
    ms.push(performance.now() - start);
    calls = counting;
    proxy.setDelay(0);
    if (typeof out === 'number') bytes = out;
  }
  ms.sort((a, b) => a - b);
  const figure = { view, size, calls, p50: round(pct(ms, 50)), max: round(ms.at(-1)!), ...(bytes !== undefined ? { bytes } : {}) };
  console.error(`${view} @ ${size}: ${figure.calls} calls, p50 ${figure.p50} ms${bytes !== undefined ? `, ${(bytes / 1e6).toFixed(2)} MB` : ''}`);
  return figure;
}

const exportFunction = (await import('../netlify/functions/dashboard-export.ts')).default;
const cookie = `vouch_session=${tokens.sign({ purpose: 'session', subject: PROVIDER, expiresAt: Date.now() + 86_400_000, nonce: 'bench' })}`;
const meKey = tokens.sign({ purpose: 'referrer', subject: heavy, expiresAt: Date.now() + 86_400_000 })!;
await referrers.setJSON(`code/${heavy}`, { code: heavy, provider: PROVIDER, name: 'Maximiliana Bench', email: 'heavy@example.org', createdAt: new Date().toISOString() } satisfies Referrer);
await parallel(codes.slice(1), 32, (code, ) => referrers.setJSON(`code/${code}`, { code, provider: PROVIDER, name: `Ref${code.slice(-4)} Errer`, email: `${code}@example.org`, createdAt: new Date().toISOString() } satisfies Referrer));
await store.setJSON('baseline', { hello: 'world' });

const figures: Figure[] = [];
const seeding: { size: number; seconds: number }[] = [];
const all: Referral[] = [];
let seeded = 0;
const top = Math.max(...sizes);
for (const size of sizes) {
  const t0 = performance.now();
  all.push(...(await seed(PROVIDER, seeded, size, top)));
  seeded = size;
  seeding.push({ size, seconds: round((performance.now() - t0) / 1000) });
  console.error(`seeded ${size} (${seeding.at(-1)!.seconds} s)`);
  // As a site from before the summary meets its first view: the summary built from the listings.
  await Promise.all(summaryParts(PROVIDER).map((key) => store.delete(key)));
  figures.push(await measure('first view after an upgrade (summary built)', size, async () => {
    await Promise.all(summaryParts(PROVIDER).map((key) => store.delete(key)));
    await rebuildProviderIndex(deps, jane);
  }, 1));
  // The summary the first view built is the one the referrals make.
  deepStrictEqual(await providerSummary(deps, jane), summaryOf(all));

  figures.push(await measure('baseline: one Blobs read', size, async () => {
    await store.get('baseline', { type: 'json' });
  }));
  figures.push(await measure('dashboard, first page', size, async () => {
    const summary = await providerSummary(deps, jane);
    await Promise.all([dashboardPage(deps, jane, summary), summaryCharts(deps, jane, summary), reciprocity(deps, jane)]);
  }));
  figures.push(await measure('dashboard, ?stage=met', size, async () => {
    const summary = await providerSummary(deps, jane);
    await Promise.all([dashboardPage(deps, jane, summary, { stage: 'met' }), summaryCharts(deps, jane, summary), reciprocity(deps, jane)]);
  }));
  const second = (await dashboardPage(deps, jane, await providerSummary(deps, jane))).older;
  if (second) {
    figures.push(await measure('dashboard, an older page', size, async () => {
      const summary = await providerSummary(deps, jane);
      await Promise.all([dashboardPage(deps, jane, summary, { before: second }), summaryCharts(deps, jane, summary), reciprocity(deps, jane)]);
    }));
  }
  figures.push(await measure('CSV export (streamed, read to the end)', size, async () => {
    const res = await exportFunction(new Request('http://127.0.0.1/api/dashboard/export.csv', { headers: { cookie } }));
    if (res.status !== 200) throw new Error(`export answered ${res.status}`);
    let bytes = 0;
    for await (const chunk of res.body!) bytes += chunk.byteLength;
    return bytes;
  }, size >= 10_000 ? 1 : runs));
  figures.push(await measure(`/me/, first page (${Math.min(size, 1000)} referrals)`, size, async () => {
    const page = await referrerPage(deps, meKey);
    if (!page.ok) throw new Error('referrer page failed');
  }));
}

// ---------------------------------------------------------------- the jobs at `jobsAt` referrals on the site

const others = ['sofia-marin', 'marcus-lee'];
const rest = Math.max(0, jobsAt - seeded);
const t0 = performance.now();
for (const [k, provider] of others.entries()) {
  const share = Math.floor(rest / others.length) + (k === 0 ? rest % others.length : 0);
  await seed(provider, 0, share, share);
}
seeding.push({ size: jobsAt, seconds: round((performance.now() - t0) / 1000) });
console.error(`seeded the site to ${jobsAt}`);
const at = (days: number) => ({ ...deps, clock: { now: () => new Date(Date.now() + days * 86_400_000) } });
const reports: Record<string, unknown> = {};
// A site that has run the jobs all along: nothing left to backfill.
await store.setJSON('jobs/retain-backfill', { done: true });
figures.push(await measure('reminders, a run (nothing due)', jobsAt, () => remindProviders(deps).then(() => undefined)));
// 100 referrals still new fall due within the hour.
const waiting = all.filter((r) => r.stage === 'new').slice(-100);
await parallel(waiting, 32, (r) => store.setJSON(dueKeys.at('remind', Date.now() + 1_800_000, r.id), { step: 'remind' }));
figures.push(await measure('reminders, a run with 100 due (100 emails)', jobsAt, async () => {
  reports.reminders = await remindProviders({ ...deps, clock: { now: () => new Date(Date.now() + 3_600_000) } });
}, 1));
figures.push(await measure('retention, a daily run (nothing due)', jobsAt, () => applyRetention(deps).then(() => undefined)));
figures.push(await measure("retention, the next day's run (a day of keys due, at most 100 erased)", jobsAt, async () => {
  reports.retention = await applyRetention(at(1));
}, 1));
// As a site from before the due keys: its first run gives referrals a retention key (up to 20,000, or 15 s, a run).
await store.delete('jobs/retain-backfill');
figures.push(await measure('retention, first run after an upgrade (backfill: 20,000 keys or 15 s)', jobsAt, async () => {
  reports.backfill = await applyRetention(deps, { max: 0 });
}, 1));
console.error(JSON.stringify(reports));
await rm(process.env.MAILBOX_DIR!, { recursive: true, force: true });

// ---------------------------------------------------------------- report

const baseline = new Map(figures.filter((f) => f.view.startsWith('baseline')).map((f) => [f.size, f.p50]));
const base = (size: number) => baseline.get(size) ?? [...baseline.values()].at(-1)!;
const lines = [
  `## Scale: ${rttMs} ms round trip to Blobs, p50 of ${runs} runs (CSV at 10,000 and more, upgrades and due runs: 1 run)\n`,
  '| view | referrals | Blobs calls | p50 | max | ratio to one read | size |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...figures.map((f) => `| ${f.view} | ${f.size.toLocaleString('en')} | ${f.calls.toLocaleString('en')} | ${f.p50.toLocaleString('en')} ms | ${f.max.toLocaleString('en')} ms | ${round(f.p50 / base(f.size), 1)}× | ${f.bytes ? `${(f.bytes / 1e6).toFixed(2)} MB` : ''} |`),
  '',
  `Seeding: ${seeding.map((s) => `${s.size.toLocaleString('en')} in ${s.seconds} s`).join(', ')}.`,
];
console.log(lines.join('\n'));
await mkdir(join(root, 'bench/results'), { recursive: true });
await writeFile(join(root, 'bench/results/scale.json'), JSON.stringify({ rttMs, runs, figures, seeding }, null, 2));
await proxy.close();
await blobs.stop();
