import { actionsFrom, contactStages, type DeclineReason, declineReasons, type ProviderAction, reasonLabels, type Stage, stageLabels, stages } from '../lifecycle.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { greetingName } from '../text.ts';
import { inBatches } from '../batches.ts';
import type { Deps } from '../deps.ts';
import { respondByOf } from '../referral-intake.ts';
import { referralOf, referralKeys } from '../records/referrals.ts';
import { referrerOf } from '../records/referrers.ts';

/** One referral on a provider's dashboard. */
export type DashboardRow = {
  id: string;
  kind: Referral['kind'];
  stage: Stage;
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

/** The steps of progress, in order: the dashboard's funnel. */
export const progress = ['new', 'contacted', 'met', 'working'] as const;
export type Progress = (typeof progress)[number];

const furthestOf = (r: Referral): Progress => {
  const reached = new Set<Stage>([r.stage, ...r.history.map((step) => step.stage)]);
  if (reached.has('working')) return 'working';
  if (reached.has('met')) return 'met';
  return r.contactedAt || contactStages.some((stage) => reached.has(stage)) ? 'contacted' : 'new';
};

/** What sending work between two providers looks like from one side. */
export type LedgerRow = { peer: string; name: string; received: number; sent: number };

const hoursBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10;

/** A provider's referrals, newest first, optionally of one stage. Only theirs: the listing is their index. */
export async function dashboardRows(deps: Deps, provider: ProviderEntry, filter: { stage?: Stage } = {}): Promise<DashboardRow[]> {
  const ids = (await deps.store.list('referrals', referralKeys.ofProvider(provider.slug))).map(referralKeys.idOfProviderListing).reverse();
  const referrals = (await inBatches(ids, (id) => referralOf(deps, provider.slug, id))).filter((r): r is Referral => r !== null);
  const codes = [...new Set(referrals.flatMap((r) => (r.referrer ? [r.referrer] : [])))];
  const referrers = new Map(
    (await inBatches(codes, (code) => referrerOf(deps, code))).flatMap((r) => (r ? [[r.code, r] as const] : [])),
  );
  const now = deps.clock.now().getTime();
  return referrals
    .filter((r) => !filter.stage || r.stage === filter.stage)
    .map((r) => {
      const respondBy = respondByOf(r, provider).toISOString();
      const referrer = r.referrer ? referrers.get(r.referrer) : undefined;
      const firstName = referrer ? greetingName(referrer.name) : undefined;
      const handedOnBy = r.handedOnFrom ? deps.directory.get(r.handedOnFrom.provider)?.name : undefined;
      return {
        id: r.id,
        kind: r.kind,
        stage: r.stage,
        refereeName: r.erasedAt ? '(erased at their request)' : r.referee.name,
        ...(firstName ? { referrerFirstName: firstName } : {}),
        ...(handedOnBy ? { handedOnBy } : {}),
        createdAt: r.createdAt,
        respondBy,
        ...(r.contactedAt ? { hoursToFirstContact: hoursBetween(r.createdAt, r.contactedAt) } : {}),
        overdue: r.stage === 'new' && Date.parse(respondBy) < now,
        ...(r.erasedAt ? {} : { refereeEmail: r.referee.email, ...(r.referee.phone ? { refereePhone: r.referee.phone } : {}) }),
        ...(r.reason ? { reason: r.reason } : {}),
        furthest: furthestOf(r),
        thanked: Boolean(r.referrer) && r.thankReferrer,
      };
    });
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

/** The dashboard's rows as CSV (RFC 4180, CRLF line ends). */
export function toCsv(rows: DashboardRow[]): string {
  const lines = rows.map((row) =>
    [
      row.id,
      row.kind,
      stageLabels[row.stage],
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
      .join(','),
  );
  return `${[CSV_COLUMNS.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
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
  const progressLabels: Record<Progress, string> = { new: 'Received', contacted: 'Contacted', met: 'First meeting', working: 'Working together' };
  const closedLabels = { ...reasonLabels, withdrawn: 'They declined', 'handed-on': 'Handed on to a peer' };
  return {
    months,
    funnel: progress.map((step) => ({ step, label: progressLabels[step], count: reached[step] })),
    closed: ([...declineReasons, 'withdrawn', 'handed-on'] as const).map((key) => ({ key, label: closedLabels[key], count: closed.get(key) ?? 0 })),
    contact: { ...contact, ...(median !== undefined ? { medianHours: median } : {}) },
    referrers: [...referrers.values()].sort((a, b) => b.referrals - a.referrals || a.firstName.localeCompare(b.firstName)).slice(0, options.top ?? 5),
  };
}
