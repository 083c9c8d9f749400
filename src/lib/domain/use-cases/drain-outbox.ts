import { READ_BATCH } from '../batches.ts';
import { deliver } from '../deliver.ts';
import { FIRST_SEND_GRACE_MS, asMessage, outboxKeys, asWebhookMessage } from '../records/outbox.ts';
import type { OutboxMessage } from '../ports.ts';
import type { WebhookMessage } from '../webhook-events.ts';
import { intakeMarks, loadReferral, referralKeys, unthankCapped } from '../records/referrals.ts';
import { completeReferral } from '../referral-intake.ts';
import { drainWebhooks, type WebhookDrainReport } from '../webhook-delivery.ts';
import type { Deps } from '../deps.ts';
import { postWebhooks } from '../webhook-post.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/** How a drain paces itself: Resend allows about two requests a second per team. */
export type DrainOptions = {
  /** Waits between two sends. */
  pause: (ms: number) => Promise<void>;
  spacingMs?: number;
  /** Most sends in one run; with the spacing, keeps a run well inside a scheduled function's 30 s. */
  maxSends?: number;
  /** Stop starting sends after this long. */
  budgetMs?: number;
};

/** What a drain did, in counts and keys, for the log line and tests. */
export type DrainReport = WebhookDrainReport & {
  /** Referrals whose request stopped before recording all their indexes and emails, finished here. */
  finished: number;
  /** The webhooks of the same outbox, posted beside the emails (see `drainWebhooks`). */
  webhooks: WebhookDrainReport;
};

/**
 * Finishes the referrals whose request stopped before it recorded their indexes and emails
 * (an intake mark older than the grace period; see `completeReferral`); forgets a mark whose
 * referral was never stored, after ten minutes (its request was told to try again).
 */
async function finishIntakes(deps: Deps, now: number): Promise<number> {
  let finished = 0;
  for (const { id, mark } of await intakeMarks(deps)) {
    const age = mark ? now - Date.parse(mark.createdAt) : Number.POSITIVE_INFINITY;
    if (age < FIRST_SEND_GRACE_MS) continue;
    const provider = mark ? deps.directory.get(mark.provider) : undefined;
    const referral = provider ? await loadReferral(deps, id) : null;
    if (provider && referral) {
      await completeReferral(deps, senders, id, provider, { referral });
      finished += 1;
    } else if (age > ABANDON_AFTER_MS) await deps.store.delete('referrals', referralKeys.intake(id));
  }
  return finished;
}

/**
 * Finishes referrals left half-recorded, then sends every due message of the outbox, oldest
 * due first, at a pace the mail API accepts. A rate-limit answer ends the run: the rest waits
 * for the next one.
 */
export async function drainOutbox(deps: Deps, options: DrainOptions): Promise<DrainReport> {
  const { spacingMs = 500, maxSends = 30, budgetMs = 20_000 } = options;
  const started = deps.clock.now().getTime();
  const finished = await finishIntakes(deps, started);
  const keys = (await deps.store.list('outbox', outboxKeys.markers())).map(outboxKeys.messageKeyOf);
  const messages: OutboxMessage[] = [];
  const webhooks: WebhookMessage[] = [];
  // Read a few at a time: a long outbox (say, emails waiting for a key) must not take the run's whole time.
  for (let i = 0; i < keys.length && deps.clock.now().getTime() - started < budgetMs / 2; i += READ_BATCH) {
    await Promise.all(
      keys.slice(i, i + READ_BATCH).map(async (key) => {
        const stored = await deps.store.get<unknown>('outbox', outboxKeys.record(key));
        const message = asMessage(stored);
        const webhook = message ? null : asWebhookMessage(stored);
        if (webhook?.status === 'pending') webhooks.push(webhook);
        else if (message?.status === 'pending') messages.push(message);
        else if (message || webhook || (await abandoned(deps, key, started))) {
          // A settled message whose clean-up failed, or a marker whose message was never written
          // (the submitter was told to try again): nothing is left to send.
          await deps.store.delete('outbox', outboxKeys.marker(key));
        }
      }),
    );
  }
  // Webhooks go to many hosts, some slow: they are posted side by side with the emails, not in their line.
  const webhooksDrained = drainWebhooks(deps, senders, webhooks, { until: started + budgetMs / 2 });
  const now = deps.clock.now().getTime();
  const due = messages
    .filter((message) => Date.parse(message.nextAttemptAt) <= now)
    .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));

  const report: DrainReport = {
    due: due.length,
    sent: 0,
    failed: 0,
    dead: 0,
    waiting: messages.length - due.length,
    skipped: 0,
    // Those not due in this run and already waiting for a key; those due are counted as they fail.
    unconfigured: messages.filter((message) => message.lastError === 'not_configured' && !due.includes(message)).length,
    finished,
    webhooks: { due: 0, sent: 0, failed: 0, dead: 0, waiting: 0, skipped: 0, unconfigured: 0 },
  };
  for (const [index, message] of due.entries()) {
    if (index >= maxSends || deps.clock.now().getTime() - started > budgetMs) {
      report.skipped = due.length - index;
      break;
    }
    if (index > 0) await options.pause(spacingMs);
    const result = await deliver(deps, [message]);
    await unthankCapped(deps, result);
    report.sent += result.sent.length;
    report.dead += result.dead.length;
    report.failed += result.failed.length - result.dead.length;
    report.unconfigured += result.failed.filter((failure) => failure.code === 'not_configured').length;
    if (result.failed.some((failure) => failure.code === 'rate_limit_exceeded')) {
      report.skipped = due.length - index - 1;
      break;
    }
  }
  report.webhooks = await webhooksDrained;
  return report;
}

/** How long the writes of one submission may take at most: past it, what one left half-done is abandoned. */
const ABANDON_AFTER_MS = 10 * 60_000;

/** A marker with no message for ten minutes: the write that should have followed it failed. */
async function abandoned(deps: Deps, key: string, now: number): Promise<boolean> {
  const marker = await deps.store.get<{ createdAt: string }>('outbox', outboxKeys.marker(key));
  return !marker || now - Date.parse(marker.createdAt) > ABANDON_AFTER_MS;
}
