// The webhooks' side of the outbox for use cases and the scheduled run: recording events and
// posting them after the answer, the run's share of them, and sending the notices posting
// answers. Posting itself is webhook-post.ts's and sending deliver.ts's, both handed in by the
// use case (`Senders`); what each event says is webhook-messages.ts's.
import { enqueue, pending, eraseFromWebhooks, recordWebhooks } from './records/outbox.ts';
import { errorSummary } from './errors.ts';
import type { WebhookEvent, WebhookMessage } from './webhook-events.ts';
import { erasedEvent } from './webhook-messages.ts';
import type { Deps, Posting, Senders, WebhookReport } from './deps.ts';
import { asReferral, referralKeys } from './records/referrals.ts';

/** What recording and posting webhooks needs; the notices of an endpoint in trouble are emails, sent like any other. */
export type WebhookDeps = Pick<Deps, 'store' | 'webhooks' | 'mailer' | 'render' | 'clock' | 'ids' | 'directory' | 'log'>;

/** Most webhooks one outbox run posts; the rest wait for the next. */
export const MAX_POSTS_PER_RUN = 40;

/**
 * Posts webhooks (`postWebhooks`), then records and sends the notices that answers: a provider
 * whose endpoint answered 410 Gone, or gave up an event, is told by email in the same pass.
 */
export async function deliverWebhooks(deps: WebhookDeps, senders: Senders, postings: Posting[], options: { until?: number } = {}): Promise<WebhookReport> {
  const { notices, ...report } = await senders.postWebhooks(deps, postings, options);
  // Once enqueued they are in the outbox: if sending them now fails, its run sends them.
  if (notices.length > 0) {
    const now = deps.clock.now();
    await senders.deliver(deps, await enqueue(deps, notices.map((notice) => pending(notice, now)))).catch((error: unknown) => deps.log?.(`vouch: a webhook notice waits: ${errorSummary(error)}`));
  }
  return report;
}

/**
 * Posts webhooks just recorded after the answer, where the platform keeps running for it
 * (`deps.background`). Without it they are left to the outbox's next run (they are due at
 * once): a slow endpoint never holds up an answer or a job.
 */
export function postWebhooksSoon(deps: WebhookDeps & Pick<Deps, 'background'>, senders: Senders, postings: Posting[]): void {
  if (postings.length === 0 || !deps.background) return;
  deps.background(
    deliverWebhooks(deps, senders, postings).catch((error: unknown) => {
      deps.log?.(`vouch: webhooks after the answer failed: ${errorSummary(error)}`);
    }),
  );
}

/**
 * Records events (`recordWebhooks`) and posts those it created soon (`postWebhooksSoon`);
 * answers their records. A `referral.created` of a referral stored before its event (a partner's copy of
 * a handed-on one) is checked against it once recorded: an erasure in between found nothing to
 * scrub, so its events are scrubbed here, and it is not posted.
 */
export async function queueWebhooks(deps: WebhookDeps & Pick<Deps, 'background'>, senders: Senders, events: WebhookEvent[]): Promise<WebhookMessage[]> {
  if (events.length === 0) return [];
  const created = await recordWebhooks(deps, events);
  const erased = await Promise.all(
    created.map(async (m) => {
      if (m.event !== 'referral.created' || !m.referral) return false;
      const referral = asReferral(await deps.store.get<unknown>('referrals', referralKeys.record(m.referral)));
      return referral?.erasedAt ? eraseFromWebhooks(deps, referral, erasedEvent(deps, referral)).then(() => true) : false;
    }),
  );
  postWebhooksSoon(
    deps,
    senders,
    created.filter((_, i) => !erased[i]),
  );
  return created;
}

/** What the outbox's run did with the messages it holds (its emails, or its webhooks), in counts. */
export type WebhookDrainReport = {
  due: number;
  sent: number;
  failed: number;
  dead: number;
  /** Pending but not yet due, or held by another sender. */
  waiting: number;
  /** Due but left for the next run (pace, budget, a rate limit, or a 429 from that endpoint). */
  skipped: number;
  /** Waiting because no key is configured: the mail key for emails, the secret a content file names for webhooks. */
  unconfigured: number;
};

/**
 * The outbox run's share of webhooks: posts those due (oldest first, `MAX_POSTS_PER_RUN` at
 * most), starting none after `until`, so that each ends within its timeout inside the run.
 */
export async function drainWebhooks(deps: WebhookDeps, senders: Senders, held: WebhookMessage[], options: { until: number }): Promise<WebhookDrainReport> {
  const now = deps.clock.now().getTime();
  const isDue = (m: WebhookMessage) => Date.parse(m.nextAttemptAt) <= now && !(m.sendingUntil && Date.parse(m.sendingUntil) > now);
  const due = held.filter(isDue).sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt));
  const report: WebhookDrainReport = {
    due: due.length,
    sent: 0,
    failed: 0,
    dead: 0,
    waiting: held.length - due.length,
    skipped: Math.max(0, due.length - MAX_POSTS_PER_RUN),
    unconfigured: held.filter((m) => m.lastError === 'not_configured' && !isDue(m)).length,
  };
  if (due.length === 0) return report;
  const done = await deliverWebhooks(deps, senders, due.slice(0, MAX_POSTS_PER_RUN), options);
  report.sent = done.sent.length;
  report.dead = done.dead.length;
  report.failed = done.failed.length - done.dead.length;
  report.skipped += done.skipped.length;
  report.unconfigured += done.failed.filter((f) => f.code === 'not_configured').length;
  return report;
}
