import { contactStages, type Stage } from '../stages.ts';
import type { ProviderEntry, Retention } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { DAY_MS, dayOf, referralTime, type Clock } from '../time.ts';
import type { Store } from '../ports.ts';

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
