import { actionsFrom, contactStages, type DeclineReason, declineReasons, type ProviderAction, REFUSED_HANDOFF_LABEL, reasonLabels, refusedHandoff, type Stage, stageLabels, stages } from '../lifecycle.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { originLabels, originOf, type ReferralOrigin, progress, type Progress } from '../stages.ts';
import { greetingName } from '../text.ts';
import type { Deps } from '../deps.ts';
import { addedUp, byStageOf, countsUnder, furthestOf, indexKeys, listReferral, monthOfId, monthsOf, partOf, type ProviderSummary, type Scope, summaryOf, summaryParts, referralOf, referralKeys } from '../records/referrals.ts';
import { referralTime, respondByOf } from '../time.ts';
import { referrerOf } from '../records/referrers.ts';

/** One referral on a provider's dashboard. */
export type DashboardRow = {
  id: string;
  kind: Referral['kind'];
  /** Where it came from, as the provider is told (`direct`: straight to their page). */
  origin: ReferralOrigin;
  stage: Stage;
  /** Withdrawn because they would rather not be handed on, not because they declined. */
  refusedHandoff?: true;
  refereeName: string;
  /** The referrer's first name, when the referral came through a personal link. */
  referrerFirstName?: string;
  /** The provider who handed the person on, if any. */
  handedOnBy?: string;
  createdAt: string;
  respondBy: string;
  /** Hours from the referral to the first contact recorded, rounded to one decimal. */
  hoursToFirstContact?: number;
  /** No contact recorded and the promised response time has passed. */
  overdue: boolean;
  /** The referee's address and phone, for the provider to reply (absent once erased). */
  refereeEmail?: string;
  refereePhone?: string;
  /** Why it did not go ahead, when `stage` is `declined`. */
  reason?: DeclineReason;
  /** The furthest step of progress it reached, whatever happened next (`new` if none). */
  furthest?: Progress;
  /** Whether its referrer was thanked (not for a self-referral, nor past their link's daily cap). */
  thanked?: boolean;
};

export { progress, type Progress } from '../stages.ts';

/** What sending work between two providers looks like from one side. */
export type LedgerRow = { peer: string; name: string; received: number; sent: number };

const hoursBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10;

type RowContext = { provider: ProviderEntry; referrers: Map<string, Referrer>; now: number };

/** Reads the referrers of these referrals that `context` does not know yet, side by side. */
async function learnReferrers(deps: Deps, context: RowContext, referrals: readonly Referral[]): Promise<void> {
  const codes = [...new Set(referrals.flatMap((r) => (r.referrer && !context.referrers.has(r.referrer) ? [r.referrer] : [])))];
  const found = await Promise.all(codes.map((code) => referrerOf(deps, code)));
  for (const r of found) if (r) context.referrers.set(r.code, r);
}

function rowOf(deps: Deps, context: RowContext, r: Referral): DashboardRow {
  const respondBy = respondByOf(r, context.provider).toISOString();
  const referrer = r.referrer ? context.referrers.get(r.referrer) : undefined;
  const firstName = referrer ? greetingName(referrer.name) : undefined;
  const handedOnBy = r.handedOnFrom ? deps.directory.get(r.handedOnFrom.provider)?.name : undefined;
  return {
    id: r.id,
    kind: r.kind,
    origin: originOf(r),
    stage: r.stage,
    ...(refusedHandoff(r) ? { refusedHandoff: true as const } : {}),
    refereeName: r.erasedAt ? '(erased at their request)' : r.referee.name,
    ...(firstName ? { referrerFirstName: firstName } : {}),
    ...(handedOnBy ? { handedOnBy } : {}),
    createdAt: r.createdAt,
    respondBy,
    ...(r.contactedAt ? { hoursToFirstContact: hoursBetween(r.createdAt, r.contactedAt) } : {}),
    overdue: r.stage === 'new' && Date.parse(respondBy) < context.now,
    ...(r.erasedAt ? {} : { refereeEmail: r.referee.email, ...(r.referee.phone ? { refereePhone: r.referee.phone } : {}) }),
    ...(r.reason ? { reason: r.reason } : {}),
    furthest: furthestOf(r),
    thanked: Boolean(r.referrer) && r.thankReferrer,
  };
}

/** A provider's referrals, newest first, optionally of one stage, read in full: for tests and small sets; pages use `dashboardPage`. */
export async function dashboardRows(deps: Deps, provider: ProviderEntry, filter: { stage?: Stage } = {}): Promise<DashboardRow[]> {
  const rows: DashboardRow[] = [];
  for await (const row of allRows(deps, provider)) if (!filter.stage || row.stage === filter.stage) rows.push(row);
  return rows;
}

/** Referrals on one page of the dashboard. */
export const PAGE_SIZE = 50;

/** How many referrals the export reads at once. */
const EXPORT_BATCH = 64;

/**
 * A provider's summary: read, or built once from their listings (and from the flat listing
 * of sites from before it) when there is none yet.
 */
export async function providerSummary(deps: Deps, provider: ProviderEntry): Promise<ProviderSummary> {
  const parts = await Promise.all(summaryParts(provider.slug).map((key) => deps.store.get<ProviderSummary>('referrals', key)));
  return parts.every((part) => part !== null) ? addedUp(parts as ProviderSummary[]) : rebuildProviderIndex(deps, provider);
}

/**
 * Builds a provider's summary and listings from every referral they have (a one-time
 * backfill, also run when a part of the summary is missing): lists their referrals, reads
 * each, writes the listing markers missing, and stores each part of the summary unless another
 * request stored it first (a part already there counts what it counts; a missing part counted
 * nothing, since a count leaves a missing part alone). The summary of before the parts goes.
 */
export async function rebuildProviderIndex(deps: Deps, provider: ProviderEntry): Promise<ProviderSummary> {
  // Month by month: one listing of every key at once outgrows a store call's deadline (50,000 referrals).
  const [legacy, months] = await Promise.all([
    deps.store.list('referrals', indexKeys.legacy(provider.slug)),
    deps.store.folders('referrals', indexKeys.months(provider.slug, 'all')),
  ]);
  const listed: string[] = [];
  for (let i = 0; i < months.length; i += 4) {
    for (const ids of await Promise.all(months.slice(i, i + 4).map((month) => monthIds(deps, provider, 'all', month)))) listed.push(...ids);
  }
  const have = new Set(listed);
  const ids = [...new Set([...legacy.map((key) => key.split('/').at(-1)!), ...listed])];
  const referrals: Referral[] = [];
  for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
    const batch = await Promise.all(ids.slice(i, i + EXPORT_BATCH).map((id) => referralOf(deps, provider.slug, id)));
    const found = batch.filter((r): r is Referral => r !== null);
    referrals.push(...found);
    await Promise.all(
      found
        .filter((r) => !have.has(r.id))
        .map((r) => listReferral(deps, r)),
    );
  }
  const byPart = summaryParts(provider.slug).map(() => [] as Referral[]);
  for (const referral of referrals) byPart[partOf(referral.id)]!.push(referral);
  const parts = await Promise.all(
    byPart.map(async (mine, part) => {
      const key = indexKeys.summary(provider.slug, part);
      const built = summaryOf(mine);
      if ((await deps.store.create('referrals', key, built)) === 'created') return built;
      return (await deps.store.get<ProviderSummary>('referrals', key)) ?? built;
    }),
  );
  await deps.store.delete('referrals', indexKeys.wholeSummary(provider.slug));
  return addedUp(parts);
}

/** The ids of one listing month, newest first. */
async function monthIds(deps: Deps, provider: ProviderEntry, scope: Scope, month: string): Promise<string[]> {
  const prefix = indexKeys.month(provider.slug, scope, month);
  return (await deps.store.list('referrals', prefix)).map((key) => key.slice(prefix.length)).sort().reverse();
}

/**
 * One page of a provider's referrals, newest first: all of them or one stage, starting after
 * the referral `before` (the last one of the previous page). Lists only the months the page
 * needs (the summary says which months hold any) and reads only the referrals it shows, so its
 * cost does not grow with the provider's total. A referral listed under a stage it has left
 * (two changes crossed) is skipped. `older` is where the next page starts, if there is one.
 */
export async function dashboardPage(
  deps: Deps,
  provider: ProviderEntry,
  summary: ProviderSummary,
  options: { stage?: Stage; before?: string; size?: number } = {},
): Promise<{ rows: DashboardRow[]; older?: string }> {
  const size = options.size ?? PAGE_SIZE;
  const scope: Scope = options.stage ?? 'all';
  const before = options.before;
  const months = monthsOf(summary, scope).filter((month) => !before || month <= monthOfId(before));
  const queue: string[] = [];
  const shown: Referral[] = [];
  let last: string | undefined;
  while (shown.length < size) {
    while (queue.length < size - shown.length && months.length > 0) {
      queue.push(...(await monthIds(deps, provider, scope, months.shift()!)).filter((id) => !before || id < before));
    }
    if (queue.length === 0) break;
    const ids = queue.splice(0, size - shown.length);
    last = ids.at(-1);
    const read = await Promise.all(ids.map((id) => referralOf(deps, provider.slug, id)));
    shown.push(...read.filter((r): r is Referral => r !== null && (!options.stage || r.stage === options.stage)));
  }
  const context: RowContext = { provider, referrers: new Map(), now: deps.clock.now().getTime() };
  await learnReferrers(deps, context, shown);
  const more = queue.length > 0 || months.length > 0;
  return { rows: shown.map((r) => rowOf(deps, context, r)), ...(more && last ? { older: last } : {}) };
}

/**
 * Every referral of a provider as dashboard rows, newest first, a month and `EXPORT_BATCH`
 * referrals at a time: for the export, which streams them without holding them all.
 */
export async function* allRows(deps: Deps, provider: ProviderEntry): AsyncGenerator<DashboardRow> {
  const summary = await providerSummary(deps, provider);
  const context: RowContext = { provider, referrers: new Map(), now: deps.clock.now().getTime() };
  for (const month of monthsOf(summary, 'all')) {
    const ids = await monthIds(deps, provider, 'all', month);
    for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
      const read = (await Promise.all(ids.slice(i, i + EXPORT_BATCH).map((id) => referralOf(deps, provider.slug, id)))).filter((r): r is Referral => r !== null);
      await learnReferrers(deps, context, read);
      for (const r of read) yield rowOf(deps, context, r);
    }
  }
}

/** Counts per stage and the median time to first contact, for the dashboard's summary. */
export function summarise(rows: DashboardRow[]): { byStage: Record<Stage, number>; medianHoursToFirstContact?: number } {
  const byStage = Object.fromEntries(stages.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const row of rows) byStage[row.stage] += 1;
  const times = rows.flatMap((row) => (row.hoursToFirstContact === undefined ? [] : [row.hoursToFirstContact])).sort((a, b) => a - b);
  if (times.length === 0) return { byStage };
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
  return { byStage, medianHoursToFirstContact: Math.round(median * 10) / 10 };
}

/**
 * Who has sent this provider work and whom they have sent work to: hand-offs, and
 * referrals made by another provider through a personal link. A peer with `received > 0`
 * and `sent === 0` is one whose favour is not yet returned.
 */
export async function reciprocity(deps: Deps, provider: ProviderEntry): Promise<LedgerRow[]> {
  const [incoming, outgoing] = await Promise.all([
    deps.store.list('referrals', referralKeys.ledgerInOf(provider.slug)),
    deps.store.list('referrals', referralKeys.ledgerOutOf(provider.slug)),
  ]);
  const rows = new Map<string, LedgerRow>();
  const row = (peer: string) => {
    const name = deps.directory.get(peer)?.name;
    if (!name) return null;
    if (!rows.has(peer)) rows.set(peer, { peer, name, received: 0, sent: 0 });
    return rows.get(peer)!;
  };
  for (const key of incoming) {
    const r = row(referralKeys.peerOf(key));
    if (r) r.received += 1;
  }
  for (const key of outgoing) {
    const r = row(referralKeys.peerOf(key));
    if (r) r.sent += 1;
  }
  return [...rows.values()].sort((a, b) => b.received - b.sent - (a.received - a.sent) || a.name.localeCompare(b.name));
}

/** One referral in full for its own provider, with the steps that may follow; null for any other provider's. */
export async function referralDetail(
  deps: Deps,
  provider: ProviderEntry,
  id: string,
): Promise<{ referral: Referral; referrerName?: string; actions: ProviderAction['action'][]; partners: ProviderEntry[] } | null> {
  const referral = await referralOf(deps, provider.slug, id);
  if (!referral) return null;
  const referrer = referral.referrer ? await referrerOf(deps, referral.referrer) : null;
  const partners = provider.partners.map((slug) => deps.directory.get(slug)).filter((p): p is ProviderEntry => p !== undefined);
  const actions = actionsFrom(referral.stage).filter((action) => action !== 'hand-on' || partners.length > 0);
  return { referral, ...(referrer ? { referrerName: referrer.name } : {}), actions, partners };
}

const CSV_COLUMNS = ['id', 'kind', 'stage', 'referee', 'email', 'phone', 'referred by', 'handed on by', 'received', 'respond by', 'hours to first contact'] as const;

/** A CSV cell: quoted, and never read as a formula by a spreadsheet. */
const cell = (value: string): string => `"${(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"`;

const csvLine = (row: DashboardRow): string =>
  [
    row.id,
    originLabels[row.origin],
    row.refusedHandoff ? REFUSED_HANDOFF_LABEL : stageLabels[row.stage],
    row.refereeName,
    row.refereeEmail ?? '',
    row.refereePhone ?? '',
    row.referrerFirstName ?? '',
    row.handedOnBy ?? '',
    row.createdAt,
    row.respondBy,
    row.hoursToFirstContact === undefined ? '' : String(row.hoursToFirstContact),
  ]
    .map(cell)
    .join(',');

/** The dashboard's rows as CSV (RFC 4180, CRLF line ends). */
export function toCsv(rows: DashboardRow[]): string {
  return `${[CSV_COLUMNS.map(cell).join(','), ...rows.map(csvLine)].join('\r\n')}\r\n`;
}

/** A duration in hours as people say it: "40 min", "5.5 h", "3 days". */
export function formatDuration(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round(hours / 24)} days`;
}

/** What the dashboard's charts show; see `dashboardCharts`. */
export type DashboardCharts = {
  /** Referrals received per calendar month (UTC) by kind, oldest first, empty months included. */
  months: { month: string; label: string; recommendation: number; introduction: number }[];
  /** How many referrals reached each step of progress (`new`: all received). */
  funnel: { step: Progress; label: string; count: number }[];
  /** Referrals that closed without going ahead, by reason; hand-offs and the referee's own no apart. */
  closed: { key: DeclineReason | 'withdrawn' | 'handed-on'; label: string; count: number }[];
  /** First contact against the promise: on time, late, still waiting within it, overdue. */
  contact: { promiseHours: number; onTime: number; late: number; waiting: number; overdue: number; medianHours?: number };
  /** Who refers most, by first name: referrals, and thank-yous sent for them. */
  referrers: { firstName: string; referrals: number; thanked: number }[];
};

const progressLabels: Record<Progress, string> = { new: 'Received', contacted: 'Contacted', met: 'First meeting', working: 'Working together' };
const closedLabels = { ...reasonLabels, withdrawn: 'They withdrew', 'handed-on': 'Handed on to a peer' };

const monthLabel = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${year}`;
};
const monthsBack = (month: string, n: number) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(year, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
};

/**
 * The dashboard's charts, from its rows alone (a pure function: the same rows give the same
 * charts, whoever reads them and whenever): the `span` months up to the latest referral,
 * the funnel, why referrals closed, first contact against the promised `responseHours`, and
 * the top `top` referrers by first name.
 */
export function dashboardCharts(rows: readonly DashboardRow[], options: { responseHours: number; span?: number; top?: number }): DashboardCharts {
  const span = options.span ?? 12;
  const latest = rows.reduce((max, row) => (row.createdAt > max ? row.createdAt : max), '').slice(0, 7);
  const months = latest
    ? Array.from({ length: span }, (_, i) => monthsBack(latest, span - 1 - i)).map((month) => ({ month, label: monthLabel(month), recommendation: 0, introduction: 0 }))
    : [];
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const reached = { new: 0, contacted: 0, met: 0, working: 0 } as Record<Progress, number>;
  const closed = new Map<DashboardCharts['closed'][number]['key'], number>();
  const contact = { promiseHours: options.responseHours, onTime: 0, late: 0, waiting: 0, overdue: 0 };
  const referrers = new Map<string, { firstName: string; referrals: number; thanked: number }>();
  for (const row of rows) {
    const month = byMonth.get(row.createdAt.slice(0, 7));
    if (month) month[row.kind] += 1;
    const furthest = progress.indexOf(row.furthest ?? (contactStages.includes(row.stage) ? (row.stage as Progress) : 'new'));
    progress.forEach((step, i) => {
      if (i <= furthest) reached[step] += 1;
    });
    const why = row.stage === 'declined' ? row.reason : row.stage === 'withdrawn' || row.stage === 'handed-on' ? row.stage : undefined;
    if (why) closed.set(why, (closed.get(why) ?? 0) + 1);
    if (row.hoursToFirstContact !== undefined) contact[row.hoursToFirstContact <= options.responseHours ? 'onTime' : 'late'] += 1;
    else if (row.overdue) contact.overdue += 1;
    else if (row.stage === 'new') contact.waiting += 1;
    if (row.referrerFirstName) {
      const entry = referrers.get(row.referrerFirstName) ?? { firstName: row.referrerFirstName, referrals: 0, thanked: 0 };
      entry.referrals += 1;
      if (row.thanked) entry.thanked += 1;
      referrers.set(row.referrerFirstName, entry);
    }
  }
  const median = summarise([...rows]).medianHoursToFirstContact;
  return {
    months,
    funnel: progress.map((step) => ({ step, label: progressLabels[step], count: reached[step] })),
    closed: ([...declineReasons, 'withdrawn', 'handed-on'] as const).map((key) => ({ key, label: closedLabels[key], count: closed.get(key) ?? 0 })),
    contact: { ...contact, ...(median !== undefined ? { medianHours: median } : {}) },
    referrers: [...referrers.values()].sort((a, b) => b.referrals - a.referrals || a.firstName.localeCompare(b.firstName)).slice(0, options.top ?? 5),
  };
}

/** Counts per stage and the median time to first contact, from a provider's summary. */
export function summaryFigures(summary: ProviderSummary): { byStage: Record<Stage, number>; medianHoursToFirstContact?: number; total: number } {
  const byStage = byStageOf(summary);
  const total = summary.counts.total ?? 0;
  const median = medianTenths(countsUnder(summary, 'contact:'));
  return { byStage, total, ...(median !== undefined ? { medianHoursToFirstContact: median / 10 } : {}) };
}

/** The median of a histogram of tenths of an hour, as `summarise` takes it of the rows. */
function medianTenths(histogram: Map<string, number>): number | undefined {
  const values = [...histogram].map(([tenths, n]) => [Number(tenths), n] as const).sort((a, b) => a[0] - b[0]);
  const count = values.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return undefined;
  const at = (index: number) => {
    let seen = 0;
    for (const [value, n] of values) {
      seen += n;
      if (index < seen) return value;
    }
    return values.at(-1)![0];
  };
  const mid = Math.floor(count / 2);
  return count % 2 ? at(mid) : Math.round((at(mid - 1) + at(mid)) / 2);
}

/** How many referrers' records the charts read to find the top first names. */
const TOP_REFERRER_CODES = 25;

/**
 * The dashboard's charts from a provider's summary, the same as `dashboardCharts` draws from
 * every row: reads the records of the referrers with most referrals (first names only reach
 * the chart) and lists the stage `new` of the months inside the response promise (to tell
 * waiting from overdue). Nothing here grows with the number of referrals.
 */
export async function summaryCharts(deps: Deps, provider: ProviderEntry, summary: ProviderSummary, options: { span?: number; top?: number } = {}): Promise<DashboardCharts> {
  const span = options.span ?? 12;
  const responseHours = provider.responseHours;
  const now = deps.clock.now().getTime();
  const kinds = countsUnder(summary, 'kind:');
  const latest = [...kinds.keys()].map((key) => key.slice(0, 7)).sort().at(-1);
  const months = latest
    ? Array.from({ length: span }, (_, i) => monthsBack(latest, span - 1 - i)).map((month) => ({ month, label: monthLabel(month), recommendation: 0, introduction: 0 }))
    : [];
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const [key, n] of kinds) {
    const month = byMonth.get(key.slice(0, 7));
    const kind = key.slice(8) as Referral['kind'];
    if (month && kind in month) (month as Record<string, unknown>)[kind] = (month[kind] ?? 0) + n;
  }
  const furthest = countsUnder(summary, 'furthest:');
  const funnel = progress.map((step, i) => ({ step, label: progressLabels[step], count: progress.slice(i).reduce((sum, later) => sum + (furthest.get(later) ?? 0), 0) }));
  const reasons = countsUnder(summary, 'reason:');
  const byStage = byStageOf(summary);
  const closedCount = (key: DashboardCharts['closed'][number]['key']) => (key === 'withdrawn' || key === 'handed-on' ? byStage[key] : (reasons.get(key) ?? 0));
  const contactHistogram = countsUnder(summary, 'contact:');
  let onTime = 0;
  let late = 0;
  for (const [tenths, n] of contactHistogram) {
    if (Number(tenths) / 10 <= responseHours) onTime += n;
    else late += n;
  }
  // New referrals still inside the promise: the listing of `new` for the months it spans.
  const since = now - responseHours * 3_600_000;
  const recentMonths = monthsOf(summary, 'new').filter((month) => month >= new Date(since).toISOString().slice(0, 7));
  const recent = (await Promise.all(recentMonths.map((month) => monthIds(deps, provider, 'new', month)))).flat();
  const waiting = Math.min(byStage.new, recent.filter((id) => referralTime(id) + responseHours * 3_600_000 >= now).length);
  const median = medianTenths(contactHistogram);
  const codes = [...countsUnder(summary, 'referrer:')].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_REFERRER_CODES);
  const records = await Promise.all(codes.map(([code]) => referrerOf(deps, code)));
  const referrers = new Map<string, { firstName: string; referrals: number; thanked: number }>();
  codes.forEach(([code, n], i) => {
    const firstName = records[i] ? greetingName(records[i].name) : undefined;
    if (!firstName) return;
    const entry = referrers.get(firstName) ?? { firstName, referrals: 0, thanked: 0 };
    entry.referrals += n;
    entry.thanked += summary.counts[`thanked:${code}`] ?? 0;
    referrers.set(firstName, entry);
  });
  return {
    months,
    funnel,
    closed: ([...declineReasons, 'withdrawn', 'handed-on'] as const).map((key) => ({ key, label: closedLabels[key], count: closedCount(key) })),
    contact: { promiseHours: responseHours, onTime, late, waiting, overdue: byStage.new - waiting, ...(median !== undefined ? { medianHours: median / 10 } : {}) },
    referrers: [...referrers.values()].sort((a, b) => b.referrals - a.referrals || a.firstName.localeCompare(b.firstName)).slice(0, options.top ?? 5),
  };
}

/** A provider's referrals as CSV, a chunk of rows at a time (RFC 4180, CRLF line ends): the export streams it. */
export async function* csvChunks(deps: Deps, provider: ProviderEntry): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.map(cell).join(',')}\r\n`;
  let chunk = '';
  for await (const row of allRows(deps, provider)) {
    chunk += `${csvLine(row)}\r\n`;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
