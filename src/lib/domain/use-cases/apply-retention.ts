import { READ_BATCH } from '../batches.ts';
import type { Stage } from '../lifecycle.ts';
import type { Referral } from '../referral.ts';
import { DAY_MS } from '../time.ts';
import type { Deps } from '../deps.ts';
import { eraseReferee } from '../referee-erasure.ts';
import { loadReferral, referralKeys } from '../records/referrals.ts';

/** Stages after which the provider and the referee were in touch: kept for the longer period. */
export const progressedStages: readonly Stage[] = ['contacted', 'met', 'working'];

/** What one run of the retention job did. */
export type RetentionReport = {
  /** Referrals old enough to look at, not already erased. */
  examined: number;
  /** Referees' details erased because the referral never progressed. */
  unprogressed: number;
  /** Referees' details erased because the referral passed the longest period. */
  expired: number;
  /** Left for the next run (the per-run limit). */
  skipped: number;
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

/**
 * Erases referees' details that are kept past their period (site settings, `retention`):
 * referrals that never progressed after `unprogressedDays`, every referral after `allDays`.
 * Only referrals whose id says they are old enough are read, erased ones are listed apart and
 * skipped, and erasing twice changes nothing, so a run that stops half-way is simply run again.
 */
export async function applyRetention(
  deps: Pick<Deps, 'store' | 'ids' | 'clock' | 'retention' | 'mailer'>,
  options: { max?: number } = {},
): Promise<RetentionReport> {
  const now = deps.clock.now();
  const report: RetentionReport = { examined: 0, unprogressed: 0, expired: 0, skipped: 0 };
  const oldest = now.getTime() - deps.retention.unprogressedDays * DAY_MS;
  const [records, erased] = await Promise.all([deps.store.list('referrals', referralKeys.records()), deps.store.list('referrals', referralKeys.erasures())]);
  const done = new Set(erased.map(referralKeys.idOf));
  // A handed-on referral's id keeps the original's time, so the id only pre-selects; the record decides.
  const candidates = records
    .map(referralKeys.idOf)
    .filter((id) => !done.has(id) && idTime(id) <= oldest)
    .sort();
  report.examined = candidates.length;
  let budget = options.max ?? 100;
  for (let i = 0; i < candidates.length; i += READ_BATCH) {
    const batch = await Promise.all(candidates.slice(i, i + READ_BATCH).map((id) => loadReferral(deps, id)));
    for (const referral of batch) {
      if (!referral) continue;
      if (referral.erasedAt) {
        await deps.store.put('referrals', referralKeys.erased(referral.id), {});
        continue;
      }
      const why = pastRetention(referral, deps.retention, now);
      if (!why) continue;
      if (budget <= 0) {
        report.skipped += 1;
        continue;
      }
      budget -= 1;
      await eraseReferee(deps, referral.id);
      report[why] += 1;
    }
  }
  return report;
}
