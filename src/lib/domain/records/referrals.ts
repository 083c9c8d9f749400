// The referrals store: every key of it is built and read back here, in three parts.
// - The referrals themselves (`id/<id>`), the duplicate claims and intake marks beside them.
// - A provider's index: the summary of counts and the listings the dashboard reads instead of
//   every referral, kept current by every change (`changeReferral` notes each one).
// - Due keys: work that falls due at a time (reminders, retention), so that a scheduled job
//   lists only what is due.
import { z } from 'zod';
import type { Referral } from '../referral.ts';
import { contactStages, declineReasons, type Progress, progress, type Stage, stages } from '../stages.ts';
import { inboxOf } from '../addresses.ts';
import type { Ids, Store } from '../ports.ts';
import type { Retention, ProviderEntry } from '../provider.ts';
import { type Clock, referralTime, DAY_MS, dayOf } from '../time.ts';

/** What an erased referral keeps of its referee: nothing. */
export const ERASED_REFEREE: Referral['referee'] = { name: '', email: '', message: '' };

const Link = z.object({ provider: z.string(), referral: z.string() });

/**
 * A referral as read back, parsed: what does not read as a referral is no referral. It absorbs
 * the earlier layouts: one stored before referrals had stages (a `status`, no `stage` nor
 * `history`) reads as new, with no history. Fields it does not know are kept, so that a newer
 * record read by an older function loses nothing when it is written back.
 */
const StoredReferral = z
  .looseObject({
    id: z.string().min(1),
    provider: z.string().min(1),
    kind: z.enum(['recommendation', 'introduction']),
    referrer: z.string().optional(),
    referee: z.looseObject({ name: z.string(), email: z.string(), phone: z.string().optional(), message: z.string() }),
    consent: z.looseObject({ contact: z.literal(true), shareFirstName: z.boolean() }),
    selfReferral: z.boolean().default(false),
    thankReferrer: z.boolean().default(false),
    stage: z.enum(stages).default('new'),
    reason: z.enum(declineReasons).optional(),
    contactedAt: z.string().optional(),
    history: z.array(z.looseObject({ stage: z.enum(stages), at: z.string(), by: z.enum(['provider', 'referee']) })).default([]),
    handoff: z.looseObject({ partner: z.string(), proposedAt: z.string() }).optional(),
    handedOnTo: Link.optional(),
    handedOnFrom: Link.optional(),
    fromProvider: z.string().optional(),
    erasedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .transform(({ status: _status, ...referral }) => referral as Referral);

/** A stored referral as the use cases see it (see `StoredReferral`), or null when what is stored does not read as one. */
export function asReferral(stored: unknown): Referral | null {
  const parsed = StoredReferral.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * The one way a stored referral changes. `change` gets the referral as stored now and answers
 * it changed, or null to leave it; the write is conditional on the version read and retried
 * on conflict (so `change` may run more than once, each time on a newer referral). Once
 * erased, a referral stays erased whatever `change` answers: its referee stays blank and its
 * `erasedAt` stays. Its provider's summary and stage listings follow the change it made
 * (`noteReferralChange`), and so do the retention job's keys (`noteRetentionChange`). Answers the referral as stored afterwards and whether `change` was
 * applied, or null when there is no such referral.
 */
export async function changeReferral(
  deps: { store: Store; clock: Clock; retention: Retention },
  id: string,
  change: (current: Referral) => Referral | null,
): Promise<{ referral: Referral; changed: boolean } | null> {
  let changed = false;
  let before: Referral | null = null;
  const stored = await deps.store.update<Referral>('referrals', referralKeys.record(id), (raw) => {
    changed = false;
    const current = asReferral(raw);
    if (!current) return null;
    before = current;
    const next = change(current);
    if (!next) return null;
    changed = true;
    return current.erasedAt ? { ...next, referee: ERASED_REFEREE, erasedAt: current.erasedAt } : next;
  });
  const referral = stored && asReferral(stored);
  if (!referral) return null;
  if (changed) await Promise.all([noteReferralChange(deps, before, referral), noteRetentionChange(deps, before, referral)]);
  return { referral, changed };
}

/**
 * Marks a referral not thanked before it is counted in its provider's summary (while its
 * intake is completed): `changeReferral` would take a thank-you off a count that never had it.
 * Answers the referral as stored afterwards, or null when there is none.
 */
export async function markNotThanked(deps: { store: Store; clock: Clock }, id: string): Promise<Referral | null> {
  const stored = await deps.store.update<unknown>('referrals', referralKeys.record(id), (raw) => {
    const current = asReferral(raw);
    return current?.thankReferrer ? { ...current, thankReferrer: false, updatedAt: deps.clock.now().toISOString() } : null;
  });
  return asReferral(stored);
}

/**
 * Marks the referrals whose thank-you was not sent because the link's cap for the day was
 * reached by others first (`DeliveryReport.capped`): they were not thanked after all.
 */
export async function unthankCapped(deps: { store: Store; clock: Clock; retention: Retention }, report: { capped: { referral?: string }[] }): Promise<void> {
  const ids = [...new Set(report.capped.flatMap(({ referral }) => (referral ? [referral] : [])))];
  await Promise.all(ids.map((id) => changeReferral(deps, id, (r) => (r.thankReferrer ? { ...r, thankReferrer: false, updatedAt: deps.clock.now().toISOString() } : null))));
}

/** An intake mark (`referralKeys.intake`) as read back: whose referral, made when. */
const IntakeMark = z.looseObject({ provider: z.string().min(1), createdAt: z.string() });

/** The intake marks left (keys and what each says), or null for one that does not read as one. */
export async function intakeMarks(deps: { store: Store }): Promise<{ id: string; mark: z.infer<typeof IntakeMark> | null }[]> {
  const keys = await deps.store.list('referrals', referralKeys.intakes());
  return Promise.all(
    keys.map(async (key) => {
      const parsed = IntakeMark.safeParse(await deps.store.get<unknown>('referrals', key));
      return { id: referralKeys.idOf(key), mark: parsed.success ? parsed.data : null };
    }),
  );
}

/** Loads a referral by id; one stored before referrals had stages reads as new, with no history. */
export async function loadReferral(deps: { store: Store }, id: string): Promise<Referral | null> {
  if (!/^[0-9a-z-]{10,64}$/.test(id)) return null;
  return asReferral(await deps.store.get<unknown>('referrals', referralKeys.record(id)));
}

/** Loads a referral, or null when it does not exist or belongs to another provider. */
export async function referralOf(deps: { store: Store }, provider: string, id: string): Promise<Referral | null> {
  const referral = await loadReferral(deps, id);
  return referral && referral.provider === provider ? referral : null;
}

/**
 * Referral ids begin with their time in base 36 (nine characters): its first three name a
 * slice of about 26 days, so that the ids of one slice can be listed apart from the others.
 */
export const slices = {
  /** The slice a time falls in. */
  of: (time: number): string => Math.max(0, Math.floor(time)).toString(36).padStart(9, '0').slice(0, 3),
  /** The slice after `slice`. */
  next: (slice: string): string => (parseInt(slice, 36) + 1).toString(36).padStart(3, '0'),
};

/** A referral as submitted, before it is attributed and stored. */
export type ReferralDraft = Pick<Referral, 'kind' | 'referee' | 'consent'> & {
  /** The code of the personal link it came through, if any. */
  referrerCode?: string;
};

/**
 * A one-way digest of what was submitted: two submissions with the same digest within a
 * day are one referral. Erasure recomputes it to remove the claim.
 */
export function fingerprintOf(deps: { ids: Ids }, provider: string, draft: ReferralDraft): string {
  const { referee } = draft;
  return deps.ids.digest(
    JSON.stringify([
      provider,
      inboxOf(referee.email),
      referee.name,
      referee.phone ?? '',
      referee.message,
      draft.referrerCode ?? '',
      draft.consent.shareFirstName,
      draft.kind,
    ]),
  );
}

/** Keys of a referral's record and of the indexes it is listed under. */
export const referralKeys = {
  /** Claims a submission's fingerprint for a day (see `fingerprintOf`). */
  claim: (provider: string, fingerprint: string, day: number) => `submission/${provider}/${fingerprint}/${day}`,
  /** The thank-you slots of a personal link for a day: `<prefix><slot>`, claimed once each (see `claimSlot`). */
  thanks: (code: string, day: number) => `thanks/${code}/${day}/`,
  /** A referral's own record. */
  record: (id: string) => `id/${id}`,
  /**
   * Marks a referral stored whose indexes and emails may not all be recorded yet: written with
   * its record, deleted once they are; the scheduler finishes what a stopped request left.
   */
  intake: (id: string) => `intake/${id}`,
  /** The prefix of every such mark. */
  intakes: () => 'intake/',
  /** The prefix of every referral's record. */
  records: () => 'id/',
  /** The prefix of the records of the referrals made in one slice of time (see `sliceOf`). */
  recordsIn: (slice: string) => `id/${slice}`,
  /** The prefix of the erasure marks of the referrals made in one slice of time. */
  erasuresIn: (slice: string) => `erased/${slice}`,
  /** Marks a referral erased, so that the retention job skips it without reading it. */
  erased: (id: string) => `erased/${id}`,
  /** The prefix of every erasure mark. */
  erasures: () => 'erased/',
  /** The referral id a record's or an erasure mark's key holds. */
  idOf: (key: string) => key.slice(key.indexOf('/') + 1),
  /** Lists a referral for the referrer whose link it came through, in time order. */
  byReferrer: (code: string, time: number, id: string) => `referrer/${code}/${time}-${id}`,
  /** The prefix of a referrer's listings. */
  ofReferrer: (code: string) => `referrer/${code}/`,
  /** The referral id a referrer's listing holds (a code may hold dashes, the time never does). */
  idOfReferrerListing: (key: string) => key.slice(key.lastIndexOf('/') + 1).replace(/^\d+-/, ''),
  /** The prefix of the reminder keys of an earlier layout (`due/<time>/<id>`), still read until they are gone. */
  legacyDues: () => 'due/',
  /** The time and referral id such a key holds. */
  legacyDueOf: (key: string) => ({ time: Number(key.split('/')[1]), id: key.split('/')[2]! }),
  /** A referral handed to `to` by the peer `from`, in the reciprocity ledger. */
  ledgerIn: (to: string, from: string, id: string) => `ledger/in/${to}/${from}/${id}`,
  ledgerOut: (from: string, to: string, id: string) => `ledger/out/${from}/${to}/${id}`,
  /** The prefixes of a provider's ledger: what peers sent them, and what they sent. */
  ledgerInOf: (provider: string) => `ledger/in/${provider}/`,
  ledgerOutOf: (provider: string) => `ledger/out/${provider}/`,
  /** The peer a ledger entry's key names. */
  peerOf: (key: string) => key.split('/')[3]!,
};

// ---------------------------------------------------------------------------------------------
// A provider's index.

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

// ---------------------------------------------------------------------------------------------
// Due keys.

/**
 * Work that falls due at a time, kept as keys that say when (collection `referrals`), so that a
 * scheduled job lists only what is due and never reads what is not:
 * - `<job>/<day>/<time>-<id>`: `day` since the epoch (UTC), `time` in milliseconds padded to
 *   14 digits, so that a day's keys sort in time order; written when a referral is created or
 *   changed, deleted once handled;
 * - `jobs/<job>`: `{ day }`, the first day that may still hold keys. A job lists the days from
 *   there to today, one list each, and moves it on past days it emptied. Keys are never written
 *   for a time before now (`dueAt`), and the cursor stays a day behind today, so that a key
 *   written as a day turns over is not left behind it.
 */
export type DueJob = 'remind' | 'retain';

export const dueKeys = {
  at: (job: DueJob, time: number, id: string) => `${job}/${dayOf(time)}/${String(time).padStart(14, '0')}-${id}`,
  day: (job: DueJob, day: number) => `${job}/${day}/`,
  cursor: (job: DueJob) => `jobs/${job}`,
  /** How far the one-off backfill of retention keys for referrals stored before them has got. */
  retentionBackfill: () => 'jobs/retain-backfill',
};

/** One key of work due: when, and for which referral. */
export type DueEntry = { key: string; time: number; id: string };

const parse = (key: string): DueEntry | null => {
  const match = /^[a-z]+\/\d+\/(\d{14})-(.+)$/.exec(key);
  return match ? { key, time: Number(match[1]), id: match[2]! } : null;
};

/** Writes a key of work due at `time`, or now if that has passed (a job's cursor never stands after today). */
export const dueAt = (deps: { store: Store; clock: Clock }, job: DueJob, time: number, id: string, value: unknown = {}): Promise<void> =>
  deps.store.put('referrals', dueKeys.at(job, Math.max(time, deps.clock.now().getTime()), id), value);

/** What a pass over due keys did. */
export type DuePass = { handled: number; left: number; daysListed: number };

/**
 * Hands each key due by now to `handle`, oldest first, at most `max`; `handle` does the work
 * and deletes the key (or writes the next one first). A run that stops half-way leaves the keys
 * not yet deleted, and the next run starts from them: the keys are the resume point. Work
 * done again after a stop between the work and the delete must change nothing the second time.
 */
export async function passDue(
  deps: { store: Store; clock: Clock },
  job: DueJob,
  handle: (entry: DueEntry) => Promise<void>,
  options: { max: number },
): Promise<DuePass> {
  const now = deps.clock.now().getTime();
  const today = dayOf(now);
  const cursor = await deps.store.get<{ day: number }>('referrals', dueKeys.cursor(job));
  // A first run looks back a week: keys written before any job ran are never older than that.
  const from = Math.min(cursor?.day ?? today - 7, today);
  const pass: DuePass = { handled: 0, left: 0, daysListed: 0 };
  let emptiedUpTo = from;
  let clear = true;
  for (let day = from; day <= today; day++) {
    const prefix = dueKeys.day(job, day);
    const entries = (await deps.store.list('referrals', prefix)).flatMap((key) => parse(key) ?? []).sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
    pass.daysListed += 1;
    const due = entries.filter((entry) => entry.time <= now);
    const room = Math.max(0, options.max - pass.handled);
    for (const entry of due.slice(0, room)) {
      await handle(entry);
      pass.handled += 1;
    }
    pass.left += Math.max(0, due.length - room);
    clear &&= due.length <= room && due.length === entries.length;
    if (clear && day < today - 1) emptiedUpTo = day + 1;
  }
  if (emptiedUpTo !== (cursor?.day ?? null)) await deps.store.put('referrals', dueKeys.cursor(job), { day: emptiedUpTo });
  return pass;
}

/**
 * When the retention job first looks at a referral: the shorter period after its id's time
 * (its creation, or for a handed-on copy the original's, which is earlier). Computed from the
 * id alone, so that the key written with the referral, the one written for a referral from
 * before the keys, and the one an erasure removes are the same key.
 */
export const firstRetentionCheck = (id: string, retention: Retention): number => referralTime(id) + retention.unprogressedDays * DAY_MS;

/** When a referral's referee details fall due for erasure: if it never progressed, and in any case. */
export const retentionDue = (referral: Pick<Referral, 'createdAt'>, retention: Retention): { unprogressed: number; all: number } => ({
  unprogressed: Date.parse(referral.createdAt) + retention.unprogressedDays * DAY_MS,
  all: Date.parse(referral.createdAt) + retention.allDays * DAY_MS,
});

/** Stages after which the provider and the referee were in touch: kept for the longer period. */
export const progressedStages: readonly Stage[] = contactStages;

/**
 * Keeps the retention job's keys in step with a change: a referral that leaves the progressed
 * stages (say it didn't go ahead after a first meeting) is due again at the shorter period, or
 * at once if that has passed.
 */
export async function noteRetentionChange(deps: { store: Store; clock: Clock; retention: Retention }, before: Referral | null, after: Referral): Promise<void> {
  if (before && progressedStages.includes(before.stage) && !progressedStages.includes(after.stage) && !after.erasedAt) {
    await dueAt(deps, 'retain', retentionDue(after, deps.retention).unprogressed, after.id);
  }
}

/**
 * The due keys an erasure removes: reminders and retention keys at the times they were
 * written for. A key written at a later time (work that ran late) finds the referral erased
 * when it falls due, and is deleted then.
 */
export function dueKeysOf(referral: Referral, retention: Retention, provider: Pick<ProviderEntry, 'responseHours'> | undefined): string[] {
  const due = retentionDue(referral, retention);
  const keys = [firstRetentionCheck(referral.id, retention), due.unprogressed, due.all].map((time) => dueKeys.at('retain', time, referral.id));
  if (provider) {
    const respondBy = Date.parse(referral.createdAt) + provider.responseHours * 3_600_000;
    keys.push(dueKeys.at('remind', respondBy, referral.id), dueKeys.at('remind', respondBy + DAY_MS, referral.id));
  }
  return keys;
}
