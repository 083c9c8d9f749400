import type { Directory, Retention } from './provider.ts';
import type { Ids, Mailer, RenderWhenLoaded, Store, WebhookSender } from './ports.ts';
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
