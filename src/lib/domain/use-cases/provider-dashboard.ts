import { actionsFrom, type ProviderAction, type Stage, stageLabels, stages } from '../lifecycle.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { greetingName } from '../text.ts';
import { inBatches } from '../batches.ts';
import type { Deps } from './deps.ts';
import { respondByOf } from './new-referral.ts';
import { referralOf } from './notes.ts';

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
};

/** What sending work between two providers looks like from one side. */
export type LedgerRow = { peer: string; name: string; received: number; sent: number };

const hoursBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 360_000) / 10;

/** A provider's referrals, newest first, optionally of one stage. Only theirs: the listing is their index. */
export async function dashboardRows(deps: Deps, provider: ProviderEntry, filter: { stage?: Stage } = {}): Promise<DashboardRow[]> {
  const ids = (await deps.store.list('referrals', `provider/${provider.slug}/`)).map((key) => key.split('/')[2]!).reverse();
  const referrals = (await inBatches(ids, (id) => referralOf(deps, provider.slug, id))).filter((r): r is Referral => r !== null);
  const codes = [...new Set(referrals.flatMap((r) => (r.referrer ? [r.referrer] : [])))];
  const referrers = new Map(
    (await inBatches(codes, (code) => deps.store.get<Referrer>('referrers', `code/${code}`))).flatMap((r) => (r ? [[r.code, r] as const] : [])),
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
    deps.store.list('referrals', `ledger/in/${provider.slug}/`),
    deps.store.list('referrals', `ledger/out/${provider.slug}/`),
  ]);
  const rows = new Map<string, LedgerRow>();
  const row = (peer: string) => {
    const name = deps.directory.get(peer)?.name;
    if (!name) return null;
    if (!rows.has(peer)) rows.set(peer, { peer, name, received: 0, sent: 0 });
    return rows.get(peer)!;
  };
  for (const key of incoming) {
    const r = row(key.split('/')[3]!);
    if (r) r.received += 1;
  }
  for (const key of outgoing) {
    const r = row(key.split('/')[3]!);
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
  const referrer = referral.referrer ? await deps.store.get<Referrer>('referrers', `code/${referral.referrer}`) : null;
  const partners = provider.partners.map((slug) => deps.directory.get(slug)).filter((p): p is ProviderEntry => p !== undefined);
  const actions = actionsFrom(referral.stage).filter((action) => action !== 'hand-on' || partners.length > 0);
  return { referral, ...(referrer ? { referrerName: referrer.name } : {}), actions, partners };
}

const CSV_COLUMNS = ['id', 'kind', 'stage', 'referee', 'referred by', 'handed on by', 'received', 'respond by', 'hours to first contact'] as const;

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
