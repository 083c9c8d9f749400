import { READ_BATCH } from '../batches.ts';
import type { Referral } from '../referral.ts';
import { DAY_MS } from '../time.ts';
import type { Deps } from '../deps.ts';
import { dueAt, dueKeys, firstRetentionCheck, passDue, progressedStages, retentionDue, loadReferral, referralKeys, slices } from '../records/referrals.ts';
import { eraseReferee } from '../referee-erasure.ts';

export { progressedStages } from '../records/referrals.ts';

/** What one run of the retention job did. */
export type RetentionReport = {
  /** Due keys looked at (each names one referral). */
  examined: number;
  /** Referees' details erased because the referral never progressed. */
  unprogressed: number;
  /** Referees' details erased because the referral passed the longest period. */
  expired: number;
  /** Due now but left for the next run (the per-run limit). */
  skipped: number;
  /** Referrals from before the due keys given one this run (see `backfillRetention`). */
  backfilled: number;
};

/** When a referral id was made: its first nine characters are the time in base 36 (see `createIds`). */
export const idTime = (id: string): number => parseInt(id.slice(0, 9), 36);

/** Whether a referral's referee details are past their retention period at `now`. */
export function pastRetention(referral: Referral, retention: Deps['retention'], now: Date): 'expired' | 'unprogressed' | null {
  const age = now.getTime() - Date.parse(referral.createdAt);
  if (age >= retention.allDays * DAY_MS) return 'expired';
  if (age >= retention.unprogressedDays * DAY_MS && !progressedStages.includes(referral.stage)) return 'unprogressed';
  return null;
}

type RetentionDeps = Pick<Deps, 'store' | 'ids' | 'clock' | 'retention' | 'mailer' | 'directory'>;

/** How many referrals from before the due keys one run gives a key (writes, `READ_BATCH` × 4 at once). */
export const BACKFILL_PER_RUN = 20_000;

/** How long one run's backfill may go on before it stops after the slice it is in. */
export const BACKFILL_BUDGET_MS = 15_000;

/**
 * Erases referees' details that are kept past their period (site settings, `retention`):
 * referrals that never progressed after `unprogressedDays`, every referral after `allDays`.
 * It reads only referrals whose retention key says they are due (records/referrals.ts, job `retain`):
 * one written when each referral is stored, at the shorter period. At that time an erased or
 * missing referral's key is dropped, one past its period is erased, and one kept longer (it
 * progressed) gets its key moved to the longer period. At most `max` a run; the keys left are
 * where the next run starts, and erasing twice changes nothing.
 */
export async function applyRetention(deps: RetentionDeps, options: { max?: number } = {}): Promise<RetentionReport> {
  const now = deps.clock.now();
  const report: RetentionReport = { examined: 0, unprogressed: 0, expired: 0, skipped: 0, backfilled: await backfillRetention(deps) };
  const pass = await passDue(
    deps,
    'retain',
    async (entry) => {
      report.examined += 1;
      const referral = await loadReferral(deps, entry.id);
      const why = referral && !referral.erasedAt ? pastRetention(referral, deps.retention, now) : null;
      if (referral && why) {
        await eraseReferee(deps, referral.id);
        report[why] += 1;
      } else if (referral && !referral.erasedAt) {
        // Not yet: looked at again at the next time that could apply (a key already there is the same key).
        const due = retentionDue(referral, deps.retention);
        const next = [...(progressedStages.includes(referral.stage) ? [] : [due.unprogressed]), due.all].find((time) => time > entry.time);
        if (next !== undefined) await dueAt(deps, 'retain', next, referral.id);
      }
      await deps.store.delete('referrals', entry.key);
    },
    { max: options.max ?? 100 },
  );
  report.skipped = pass.left;
  return report;
}

/** The first slice the backfill lists: no referral was stored by Vouch before 2024. */
const FIRST_SLICE = slices.of(Date.UTC(2024, 0, 1));

/**
 * Gives every referral stored before the retention keys existed its key, once: lists the
 * records and the erasure marks of one slice of time after another (`slices`: about 26 days
 * of referrals a listing, so that no listing holds a whole site), and writes a key for each
 * referral not erased at its shorter period (or now, if that has passed). It stops after the
 * slice in which it reached `perRun` keys (`BACKFILL_PER_RUN`) or spent `budgetMs`
 * (`BACKFILL_BUDGET_MS`: half of a scheduled function's 30 s, the rest left for the day's
 * due keys), keeping its place (`dueKeys.retentionBackfill`), and is done once it has listed
 * the slice of today. Answers how many it wrote this run.
 */
export async function backfillRetention(deps: Pick<Deps, 'store' | 'clock' | 'retention'>, perRun = BACKFILL_PER_RUN, budgetMs = BACKFILL_BUDGET_MS): Promise<number> {
  const state = await deps.store.get<{ done?: true; slice?: string }>('referrals', dueKeys.retentionBackfill());
  if (state?.done) return 0;
  const now = deps.clock.now().getTime();
  const last = slices.of(now);
  let slice = state?.slice && /^[0-9a-z]{3}$/.test(state.slice) ? state.slice : FIRST_SLICE;
  let written = 0;
  for (; slice <= last && written < perRun && deps.clock.now().getTime() - now < budgetMs; slice = slices.next(slice)) {
    const [records, erased] = await Promise.all([deps.store.list('referrals', referralKeys.recordsIn(slice)), deps.store.list('referrals', referralKeys.erasuresIn(slice))]);
    const done = new Set(erased.map(referralKeys.idOf));
    const ids = records.map(referralKeys.idOf).filter((id) => !done.has(id));
    for (let i = 0; i < ids.length; i += READ_BATCH * 4) {
      await Promise.all(
        ids.slice(i, i + READ_BATCH * 4).map((id) => {
          const first = firstRetentionCheck(id, deps.retention);
          return dueAt(deps, 'retain', Number.isFinite(first) ? first : now, id);
        }),
      );
    }
    written += ids.length;
  }
  await deps.store.put('referrals', dueKeys.retentionBackfill(), slice > last ? { done: true } : { slice });
  return written;
}
