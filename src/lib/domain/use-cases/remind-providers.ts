import { deliver } from '../deliver.ts';
import { enqueue, pending } from '../records/outbox.ts';
import { DAY_MS, respondByOf } from '../time.ts';
import type { Deps } from '../deps.ts';
import { providerReminderEmail } from '../emails/provider-reminder.ts';
import { type DueEntry, dueAt, passDue, loadReferral, referralKeys } from '../records/referrals.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';

/** How long after the reminder, still without contact, every notification address is told. */
export const ESCALATE_AFTER_MS = DAY_MS;

/** What one run of the reminder job did. */
export type ReminderReport = { reminded: number; escalated: number; settled: number };

type Due = { step: 'remind' | 'escalate' };

/**
 * Keeps the response promise: a referral with no first contact recorded by the time the
 * provider promised gets one reminder to their first notification address, and a day
 * later, if still nothing, one escalation to every notification address. The job lists only
 * the days that hold keys due (records/referrals.ts, job `remind`), in time order, at most `max`
 * a run, and forgets referrals that have moved on. Keys of the earlier layout (`referralKeys.legacyDues`,
 * written before it) are handled too, until none is left.
 */
export async function remindProviders(deps: Deps, options: { max?: number } = {}): Promise<ReminderReport> {
  const now = deps.clock.now();
  const max = options.max ?? 100;
  const report: ReminderReport = { reminded: 0, escalated: 0, settled: 0 };
  const legacy = (await deps.store.list('referrals', referralKeys.legacyDues()))
    .map((key) => ({ key, ...referralKeys.legacyDueOf(key) }))
    .filter((entry) => entry.time <= now.getTime())
    .sort((a, b) => a.time - b.time)
    .slice(0, max);
  for (const entry of legacy) await remindOne(deps, entry, report);
  await passDue(deps, 'remind', (entry) => remindOne(deps, entry, report), { max: max - legacy.length });
  return report;
}

async function remindOne(deps: Deps, entry: DueEntry, report: ReminderReport): Promise<void> {
  const now = deps.clock.now();
  const [referral, marker] = await Promise.all([loadReferral(deps, entry.id), deps.store.get<Due>('referrals', entry.key)]);
  const provider = referral ? deps.directory.get(referral.provider) : undefined;
  if (!referral || !provider || referral.stage !== 'new' || referral.erasedAt || !marker) {
    await deps.store.delete('referrals', entry.key);
    report.settled += 1;
    return;
  }
  const escalation = marker.step === 'escalate';
  const message = pending(providerReminderEmail(deps, referral, provider, escalation), now);
  // The outbox key is per referral and step, so a run that stops half-way and runs again sends nothing twice;
  // the referral itself is not written, so a milestone recorded meanwhile is never overwritten.
  await deliver(deps, await enqueue(deps, [message]));
  if (!escalation) await dueAt(deps, 'remind', escalationTime(referral, provider), referral.id, { step: 'escalate' } satisfies Due);
  await deps.store.delete('referrals', entry.key);
  if (escalation) report.escalated += 1;
  else report.reminded += 1;
}

/** When a referral still without contact is escalated: a day after its reminder was due (or now, if that has passed). */
export const escalationTime = (referral: Pick<Referral, 'createdAt'>, provider: Pick<ProviderEntry, 'responseHours'>): number =>
  respondByOf(referral, provider).getTime() + ESCALATE_AFTER_MS;
