import { contactStages, type Progress, type Stage, stages } from '../stages.ts';
import { referralTime } from '../time.ts';
import type { Referral } from '../referral.ts';
import type { Store } from '../ports.ts';

/**
 * A provider's referrals as the dashboard reads them without reading them all: a summary of
 * counts kept current by every change, and listings by month (of the referral's id, so that a
 * month's keys sort newest first by id), one of all referrals and one per stage.
 *
 * Keys (collection `referrals`):
 * - `summaries/<provider>/<part>`: the summary in `SUMMARY_PARTS` parts, each a
 *   `ProviderSummary` of the referrals whose id falls in it (`partOf`), changed only by
 *   conditional writes; the dashboard reads them all at once and adds them up;
 * - `listing/<provider>/all/<yyyy-mm>/<id>` and `listing/<provider>/<stage>/<yyyy-mm>/<id>`: empty markers.
 *
 * The summary names each listing month with its count, so a page lists only the months it
 * shows. Sites from before the summary list their referrals under `provider/<provider>/<id>`;
 * `providerSummary` rebuilds the summary and listings from there the first time it is asked.
 */
export const indexKeys = {
  summary: (provider: string, part: number) => `summaries/${provider}/${String(part).padStart(2, '0')}`,
  /** Before the parts: the whole summary in one key, which every new referral of a provider had to write in turn. */
  wholeSummary: (provider: string) => `summary/${provider}`,
  listing: (provider: string, scope: Scope, id: string) => `listing/${provider}/${scope}/${monthOfId(id)}/${id}`,
  month: (provider: string, scope: Scope, month: string) => `listing/${provider}/${scope}/${month}/`,
  /** The folder of a listing's months. */
  months: (provider: string, scope: Scope) => `listing/${provider}/${scope}/`,
  /** Before the summary: one flat listing of every referral of a provider. */
  legacy: (provider: string) => `provider/${provider}/`,
};

/** A listing: every referral of a provider, or those at one stage. */
export type Scope = 'all' | Stage;

export { progress, type Progress } from '../stages.ts';

/** The furthest step of progress a referral reached, whatever happened next. */
export const furthestOf = (r: Referral): Progress => {
  const reached = new Set<Stage>([r.stage, ...r.history.map((step) => step.stage)]);
  if (reached.has('working')) return 'working';
  if (reached.has('met')) return 'met';
  return r.contactedAt || contactStages.some((stage) => reached.has(stage)) ? 'contacted' : 'new';
};


/** The month (UTC, `yyyy-mm`) a referral id was made in: its listing bucket. */
export const monthOfId = (id: string): string => {
  const time = referralTime(id);
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 7) : '0000-00';
};

/**
 * Counts over a provider's referrals, each the number of referrals that have a property:
 * `total`; `stage:<stage>`; `list:<scope>:<yyyy-mm>` (listing months); `kind:<yyyy-mm>:<kind>`
 * (by month received); `furthest:<step>`; `reason:<reason>` (declined); `contact:<tenths of an
 * hour to first contact>`; `referrer:<code>` and `thanked:<code>`. A count at zero is left out.
 */
export type ProviderSummary = {
  version: 1;
  counts: Record<string, number>;
  /** The referrals most recently counted as new (at most `RECENT`), so that counting one again changes nothing. */
  recent?: string[];
};

/** How many newly counted referrals a summary remembers: more than can be counted twice in the minutes a retry takes. */
const RECENT = 64;

/**
 * How many parts a provider's summary is kept in. Every new referral is counted with a
 * conditional write; in one key, a burst of a provider's referrals would queue on it (and, on
 * Netlify, all but one writer of each round would have to try again), so each referral counts
 * in the part its id falls in: a burst of 100 spreads over 16 keys.
 */
export const SUMMARY_PARTS = 16;

/** The part of the summary a referral counts in, from its id (FNV-1a). */
export function partOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % SUMMARY_PARTS;
}

/** Every part of a provider's summary, by part number. */
export const summaryParts = (provider: string): string[] => Array.from({ length: SUMMARY_PARTS }, (_, part) => indexKeys.summary(provider, part));

/** The parts of a summary added up (the dashboard's view of it; `recent` stays with each part). */
export function addedUp(parts: readonly ProviderSummary[]): ProviderSummary {
  const counts: Record<string, number> = {};
  for (const part of parts) for (const [key, n] of Object.entries(part.counts)) counts[key] = (counts[key] ?? 0) + n;
  for (const [key, n] of Object.entries(counts)) if (n === 0) delete counts[key];
  return { version: 1, counts };
}

/** What one referral adds to its provider's summary. */
export function countsOf(r: Referral): string[] {
  const month = monthOfId(r.id);
  const out = ['total', `stage:${r.stage}`, `list:all:${month}`, `list:${r.stage}:${month}`, `kind:${r.createdAt.slice(0, 7)}:${r.kind}`, `furthest:${furthestOf(r)}`];
  if (r.stage === 'declined' && r.reason) out.push(`reason:${r.reason}`);
  if (r.contactedAt) out.push(`contact:${Math.round((Date.parse(r.contactedAt) - Date.parse(r.createdAt)) / 360_000)}`);
  if (r.referrer) {
    out.push(`referrer:${r.referrer}`);
    if (r.thankReferrer) out.push(`thanked:${r.referrer}`);
  }
  return out;
}

/** The counts that change when a referral goes from `before` to `after` (null: absent). */
export function deltaOf(before: Referral | null, after: Referral | null): Map<string, number> {
  const delta = new Map<string, number>();
  for (const key of before ? countsOf(before) : []) delta.set(key, (delta.get(key) ?? 0) - 1);
  for (const key of after ? countsOf(after) : []) delta.set(key, (delta.get(key) ?? 0) + 1);
  for (const [key, n] of delta) if (n === 0) delta.delete(key);
  return delta;
}

/** A summary with `delta` added. */
export function withDelta(summary: ProviderSummary, delta: ReadonlyMap<string, number>): ProviderSummary {
  const counts = { ...summary.counts };
  for (const [key, n] of delta) {
    const next = (counts[key] ?? 0) + n;
    if (next === 0) delete counts[key];
    else counts[key] = next;
  }
  return { ...summary, version: 1, counts };
}

/** The summary of these referrals, from scratch. */
export const summaryOf = (referrals: readonly Referral[]): ProviderSummary =>
  referrals.reduce((summary, r) => withDelta(summary, deltaOf(null, r)), { version: 1, counts: {} } as ProviderSummary);

/** The counts under a prefix such as `stage:`, by what follows it. */
export function countsUnder(summary: ProviderSummary, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of Object.entries(summary.counts)) if (key.startsWith(prefix) && n > 0) out.set(key.slice(prefix.length), n);
  return out;
}

/** Referrals per stage. */
export const byStageOf = (summary: ProviderSummary): Record<Stage, number> =>
  Object.fromEntries(stages.map((stage) => [stage, summary.counts[`stage:${stage}`] ?? 0])) as Record<Stage, number>;

/** The months a listing has referrals in, newest first. */
export const monthsOf = (summary: ProviderSummary, scope: Scope): string[] => [...countsUnder(summary, `list:${scope}:`).keys()].sort().reverse();

/**
 * Keeps the summary and the stage listings in step with one stored change of a referral
 * (`before` → `after`; null for absent): a conditional write of its part of the summary, retried on
 * conflict, so that many changes at once all count. A provider without a summary yet is left
 * alone: its summary is built from the listings when first asked for.
 */
export async function noteReferralChange(deps: { store: Store }, before: Referral | null, after: Referral | null): Promise<void> {
  const provider = (after ?? before)?.provider;
  if (!provider) return;
  const delta = deltaOf(before, after);
  const moved = before?.stage !== after?.stage;
  const id = (after ?? before)!.id;
  await Promise.all([
    delta.size > 0
      ? deps.store.update<ProviderSummary>('referrals', indexKeys.summary(provider, partOf(id)), (current) => (current ? withDelta(current, delta) : null))
      : null,
    moved && after ? deps.store.put('referrals', indexKeys.listing(provider, after.stage, after.id), {}) : null,
    moved && before ? deps.store.delete('referrals', indexKeys.listing(provider, before.stage, before.id)) : null,
  ]);
}

/**
 * Counts a newly stored referral in its provider's summary, once however often it is asked
 * (the request that stored it, a retry finishing its work, the scheduler): the summary
 * remembers the referrals it counted last (each part those of its own). A provider without a
 * summary yet is left alone.
 */
export async function countNewReferral(deps: { store: Store }, referral: Referral): Promise<void> {
  const delta = deltaOf(null, referral);
  await deps.store.update<ProviderSummary>('referrals', indexKeys.summary(referral.provider, partOf(referral.id)), (current) =>
    current && !current.recent?.includes(referral.id) ? { ...withDelta(current, delta), recent: [...(current.recent ?? []), referral.id].slice(-RECENT) } : null,
  );
}

/** The listing markers a newly stored referral needs (its summary counts follow once the record is stored). */
export const listReferral = (deps: { store: Store }, referral: Referral): Promise<unknown> =>
  Promise.all([
    deps.store.put('referrals', indexKeys.listing(referral.provider, 'all', referral.id), {}),
    deps.store.put('referrals', indexKeys.listing(referral.provider, referral.stage, referral.id), {}),
  ]);

/** Removes a referral from its provider's listings (a record that was never kept). */
export const unlistReferral = (deps: { store: Store }, referral: Referral): Promise<unknown> =>
  Promise.all([
    deps.store.delete('referrals', indexKeys.listing(referral.provider, 'all', referral.id)),
    deps.store.delete('referrals', indexKeys.listing(referral.provider, referral.stage, referral.id)),
  ]);
