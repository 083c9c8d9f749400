import { z } from 'zod';
import type { UseCaseError } from '../errors.ts';
import { optional } from '../optional.ts';
import type { WebhookMessage, WebhookEventType } from '../webhook-events.ts';
import type { WebhookSecretState } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import { err, ok, type Result } from '../result.ts';
import type { Deps } from '../deps.ts';
import { useCase } from '../use-case.ts';
import { connectedEndpoint, testEvent } from '../webhook-messages.ts';
import { queueWebhooks } from '../webhook-delivery.ts';
import { postWebhooks, reasonOf } from '../webhook-post.ts';
import { outboxKeys, asEndpointState, asWebhookMessage, webhookKeys } from '../records/outbox.ts';
import { deliver } from '../deliver.ts';

/** How the shared steps this use case calls send (`Senders` in deps.ts). */
const senders = { deliver, postWebhooks };

/** How many deliveries the dashboard lists, newest first. */
export const RECENT_DELIVERIES = 20;

/** At most one test event in this long, per provider. */
export const TEST_EVERY_MS = 30_000;

/** Days of the listing one view reads at most to find them. */
const DAYS_READ = 7;

/** Where a delivery stands, in a word, for the dashboard's badge. */
export type DeliveryState = 'delivered' | 'sending' | 'retrying' | 'waiting' | 'given-up' | 'not-sent';

/** One delivery as the dashboard lists it: no payload, only what happened to it. */
export type WebhookDelivery = {
  key: string;
  event: WebhookEventType;
  /** The referral it is about (none for a test event). */
  referral?: string;
  test: boolean;
  /** When the event was recorded, ISO 8601. */
  at: string;
  state: DeliveryState;
  /** What happened, in a short phrase, e.g. "Delivered (HTTP 200)" or "Retrying: no answer in time". */
  status: string;
  attempts: number;
};

/** A provider's endpoint on their dashboard: where it points, whether it can sign, whether it is on, and its recent deliveries. */
export type WebhookOverview = {
  /** The endpoint's host and path, without any query (it may hold a token). */
  shownUrl: string;
  secretVariable: string;
  secret: WebhookSecretState;
  /** When it was turned off, after it answered 410 Gone. */
  offSince?: string;
  deliveries: WebhookDelivery[];
};

/** What happened to a delivery, for the dashboard. */
export function deliveryOf(message: WebhookMessage): WebhookDelivery {
  const base = { key: message.key, event: message.event, ...optional('referral', message.referral), test: message.test === true, at: message.createdAt, attempts: message.attempts };
  const reason = message.lastError ? reasonOf(message.lastError) : '';
  if (message.status === 'sent') return { ...base, state: 'delivered', status: `Delivered${message.lastStatus ? ` (HTTP ${message.lastStatus})` : ''}` };
  if (message.status === 'pending') {
    if (!message.lastError) return { ...base, state: 'sending', status: 'Sending' };
    if (message.lastError === 'not_configured') return { ...base, state: 'waiting', status: `Waiting: ${reason}` };
    return { ...base, state: 'retrying', status: `Retrying: ${reason}` };
  }
  if (['erased', 'endpoint_off', 'no_endpoint'].includes(message.lastError ?? '')) return { ...base, state: 'not-sent', status: `Not sent: ${reason}` };
  if (message.lastStatus === 410) return { ...base, state: 'given-up', status: 'Answered 410 Gone: deliveries turned off' };
  return { ...base, state: 'given-up', status: `Given up after ${message.attempts} attempt${message.attempts === 1 ? '' : 's'} (${reason})` };
}

/**
 * A provider's webhook on their dashboard, or null when their content file names none: its
 * recent deliveries come from the listing by day (the newest `DAYS_READ` days that have any),
 * each read side by side.
 */
export async function webhookOverview(deps: Pick<Deps, 'store' | 'webhooks'>, provider: ProviderEntry): Promise<WebhookOverview | null> {
  const endpoint = provider.webhook;
  if (!endpoint) return null;
  const [days, state] = await Promise.all([
    deps.store.folders('outbox', webhookKeys.logDays(provider.slug)),
    deps.store.get<unknown>('outbox', webhookKeys.endpoint(provider.slug)),
  ]);
  const entries: string[] = [];
  for (const day of days.sort().reverse().slice(0, DAYS_READ)) {
    entries.push(...(await deps.store.list('outbox', webhookKeys.logDay(provider.slug, day))).sort().reverse());
    if (entries.length >= RECENT_DELIVERIES) break;
  }
  const keys = [...new Set(entries.map(webhookKeys.messageKeyOfEntry))].slice(0, RECENT_DELIVERIES);
  const messages = await Promise.all(keys.map(async (key) => asWebhookMessage(await deps.store.get<unknown>('outbox', outboxKeys.record(key)))));
  const url = new URL(endpoint.url);
  const off = asEndpointState(state);
  return {
    shownUrl: `${url.host}${url.pathname}`,
    secretVariable: endpoint.secretVariable,
    secret: deps.webhooks.secretState(endpoint.secretVariable),
    ...(off && off.url === endpoint.url ? { offSince: off.disabledAt } : {}),
    deliveries: messages.filter((m): m is WebhookMessage => m !== null).map(deliveryOf),
  };
}

/** What a provider does with their webhook from the dashboard. */
export const WebhookAction = z.strictObject({
  /** `test` posts a sample event; `resume` turns deliveries back on after a 410 Gone. */
  action: z.enum(['test', 'resume'], { error: 'Choose test or resume.' }),
});
export type WebhookAction = z.infer<typeof WebhookAction>;

/**
 * Sends a test event to the provider's endpoint (one per `TEST_EVERY_MS`, claimed with a conditional write, so that a double click or a form posted again sends one),
 * after the answer; or turns their endpoint back on. Refused, with a sentence saying why,
 * without an endpoint, without its secret, or (for a test) while it is turned off.
 */
export const actOnWebhook = useCase(
  WebhookAction,
  async (deps: Deps, provider: ProviderEntry, input: WebhookAction): Promise<Result<{ done: WebhookAction['action'] }, UseCaseError>> => {
    const endpoint = provider.webhook;
    if (!endpoint) return err({ code: 'refused', message: 'No webhook is set up for you: add one to your content file first.' });
    const key = webhookKeys.endpoint(provider.slug);
    if (input.action === 'resume') {
      await deps.store.delete('outbox', key);
      return ok({ done: 'resume' });
    }
    if (!connectedEndpoint(deps, provider)) {
      return err({ code: 'refused', message: `The webhook cannot be signed yet: set ${endpoint.secretVariable} (a whsec_… secret) on the site first.` });
    }
    if (asEndpointState(await deps.store.get<unknown>('outbox', key))?.url === endpoint.url) {
      return err({ code: 'refused', message: 'Deliveries are turned off: turn them back on first.' });
    }
    const now = deps.clock.now().getTime();
    let claimed = false;
    await deps.store.update<{ at: string }>('outbox', webhookKeys.lastTest(provider.slug), (last) => {
      claimed = !last || now - Date.parse(last.at) >= TEST_EVERY_MS;
      return claimed ? { at: new Date(now).toISOString() } : null;
    });
    if (!claimed) return err({ code: 'too_many', message: 'A test event went out a few seconds ago: wait a moment before sending another.' });
    await queueWebhooks(deps, senders, [testEvent(deps, provider)]);
    return ok({ done: 'test' });
  },
);
