import { errorSummary } from './errors.ts';
import type { Directory, Retention } from './provider.ts';
import type { Ids, Mailer, MessageDraft, OutboxMessage, RenderWhenLoaded, Store, WebhookSender } from './ports.ts';
import type { WebhookMessage } from './webhook-events.ts';
import type { Clock } from './time.ts';
import type { Tokens } from './routes.ts';

/** Everything a use case may touch, passed as one object. */
export type Deps = {
  store: Store;
  mailer: Mailer;
  /** Signs and posts providers' webhooks (the local receiver's, in local mode). */
  webhooks: WebhookSender;
  render: RenderWhenLoaded;
  clock: Clock;
  ids: Ids;
  tokens: Tokens;
  directory: Directory;
  /** How long referees' details are kept, from the site settings. */
  retention: Retention;
  /** People one referrer may introduce in a day, from the site settings (`INTRODUCTIONS_PER_DAY` when absent). */
  introductionsPerDay?: number;
  /**
   * Hands over work the answer need not wait for (sending emails the outbox already holds),
   * where the platform keeps running it after the answer; without it, that work is awaited.
   */
  background?: (task: Promise<unknown>) => void;
  /** Where a failure that no one is waiting for is reported (a line without personal data); the server log in production. */
  log?: (line: string) => void;
};

/** What delivery needs. */
export type DeliveryDeps = Pick<Deps, 'store' | 'mailer' | 'render' | 'clock' | 'ids' | 'directory' | 'log'>;

/** The outcome of one delivery pass, for logs and tests. */
export type DeliveryReport = {
  sent: string[];
  failed: { key: string; code: string; retryAfterSeconds?: number }[];
  dead: string[];
  /** Not sent on purpose: their cap was reached (`OutboxMessage.cap`); the referral each was about. */
  capped: { key: string; referral?: string }[];
};

/** What posting needs. */
export type PostDeps = Pick<Deps, 'store' | 'webhooks' | 'clock' | 'ids' | 'directory' | 'log'>;

/** A webhook to post, by its key: the record is read (and held) before anything is posted. */
export type Posting = Pick<WebhookMessage, 'key' | 'provider'>;

/** What one pass of posting did, for logs and tests. */
export type WebhookReport = { sent: string[]; failed: { key: string; code: string }[]; dead: string[]; skipped: string[] };

/**
 * The outbox's two senders: `deliver` (deliver.ts) sends recorded emails once each,
 * `postWebhooks` (webhook-post.ts) posts recorded webhooks once each and answers the notices of
 * an endpoint in trouble. They sit on the floor of the shared steps that send through them
 * (referral-intake.ts, webhook-delivery.ts), so those steps are handed them by the use case
 * instead of importing them: the floors stay five files high.
 */
export type Senders = {
  deliver(deps: DeliveryDeps, messages: OutboxMessage[]): Promise<DeliveryReport>;
  postWebhooks(deps: PostDeps, postings: Posting[], options?: { until?: number }): Promise<WebhookReport & { notices: MessageDraft[] }>;
};

/**
 * Runs work the answer need not wait for: after the answer, where the platform keeps the
 * function alive for it (`deps.background`), else before it. Either way its failure is logged,
 * not answered: what it does must be safe to lose, because the scheduler finishes it (the
 * outbox holds every message it would send, an intake mark every referral it would complete).
 */
export async function soon(deps: Pick<Deps, 'background' | 'log'>, work: () => Promise<unknown>): Promise<void> {
  const run = () =>
    work().catch((error: unknown) => {
      deps.log?.(`vouch: work the answer did not wait for failed: ${errorSummary(error)}`);
    });
  if (deps.background) deps.background(run());
  else await run();
}
