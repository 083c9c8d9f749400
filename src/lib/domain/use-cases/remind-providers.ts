import { deliver, enqueue, pending } from '../deliver.ts';
import type { OutboxMessage } from '../ports.ts';
import { optional } from '../optional.ts';
import { DAY_MS } from '../time.ts';
import type { Deps } from '../deps.ts';
import { actionsPath } from '../routes.ts';
import { respondByOf } from '../referral-intake.ts';
import { referralKeys } from '../records/referrals.ts';
import { loadReferral } from '../records/referrals.ts';

/** How long after the reminder, still without contact, every notification address is told. */
export const ESCALATE_AFTER_MS = DAY_MS;

/** What one run of the reminder job did. */
export type ReminderReport = { reminded: number; escalated: number; settled: number };

type Due = { step: 'remind' | 'escalate' };

/**
 * Keeps the response promise: a referral with no first contact recorded by the time the
 * provider promised gets one reminder to their first notification address, and a day
 * later, if still nothing, one escalation to every notification address. The job lists
 * only what is due, in time order, and forgets referrals that have moved on.
 */
export async function remindProviders(deps: Deps, options: { max?: number } = {}): Promise<ReminderReport> {
  const now = deps.clock.now();
  const report: ReminderReport = { reminded: 0, escalated: 0, settled: 0 };
  const due = (await deps.store.list('referrals', referralKeys.dues()))
    .map((key) => ({ key, ...referralKeys.dueOf(key) }))
    .filter((entry) => entry.time <= now.getTime())
    .sort((a, b) => a.time - b.time)
    .slice(0, options.max ?? 100);
  for (const entry of due) {
    const [referral, marker] = await Promise.all([
      loadReferral(deps, entry.id),
      deps.store.get<Due>('referrals', entry.key),
    ]);
    const provider = referral ? deps.directory.get(referral.provider) : undefined;
    if (!referral || !provider || referral.stage !== 'new' || referral.erasedAt || !marker) {
      await deps.store.delete('referrals', entry.key);
      report.settled += 1;
      continue;
    }
    const escalation = marker.step === 'escalate';
    const message: OutboxMessage = pending(
      {
        key: `${referral.id}-${escalation ? 'escalation' : 'reminder'}`,
        provider: provider.slug,
        referral: referral.id,
        role: 'provider',
        to: escalation ? provider.notify : provider.notify.slice(0, 1),
        content: {
          template: 'provider-reminder',
          providerName: provider.name,
          referralId: referral.id,
          refereeName: referral.referee.name,
          responseHours: provider.responseHours,
          respondBy: respondByOf(referral, provider).toISOString(),
          escalation,
          ...optional('actionsPath', actionsPath(deps, provider.slug, referral.id)),
          ...optional('timeZone', provider.timeZone),
        },
      },
      now,
    );
    // The outbox key is per referral and step, so a run that stops half-way and runs again sends nothing twice;
    // the referral itself is not written, so a milestone recorded meanwhile is never overwritten.
    await deliver(deps, await enqueue(deps, [message]));
    if (!escalation) await deps.store.put('referrals', referralKeys.due(now.getTime() + ESCALATE_AFTER_MS, referral.id), { step: 'escalate' });
    await deps.store.delete('referrals', entry.key);
    if (escalation) report.escalated += 1;
    else report.reminded += 1;
  }
  return report;
}
