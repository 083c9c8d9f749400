// The webhooks a referral's life makes, as outbox messages: one per referral and event, built
// from the stored referral with what its provider may see, and recorded before anything is
// posted. Posting them is webhook-delivery.ts's.
import { optional } from './optional.ts';
import { type WebhookMessage, WEBHOOK_EVENTS_VERSION, type WebhookEvent } from './webhook-events.ts';
import type { ProviderEntry } from './provider.ts';
import type { Referral } from './referral.ts';
import type { ReferralOrigin } from './stages.ts';
import type { Deps } from './deps.ts';
import { outboxKeys } from './records/outbox.ts';
import { asWebhookMessage, webhookKeys } from './records/webhooks.ts';

/** A provider's endpoint, when events for it are recorded: named in their content file, with a secret that can sign. */
export const connectedEndpoint = (deps: Pick<Deps, 'webhooks'>, provider: ProviderEntry | undefined) =>
  provider?.webhook && deps.webhooks.secretState(provider.webhook.secretVariable) === 'ready' ? provider.webhook : undefined;

const message = (key: string, provider: string, referral: string | undefined, payload: WebhookEvent, now: Date): WebhookMessage => ({
  channel: 'webhook',
  key,
  provider,
  ...optional('referral', referral),
  event: payload.type,
  ...(payload.test ? { test: true as const } : {}),
  payload,
  status: 'pending',
  attempts: 0,
  createdAt: now.toISOString(),
  // Due at once: whoever holds it first (the request, after its answer, or the outbox's next run) posts it.
  nextAttemptAt: now.toISOString(),
});

/**
 * `referral.created` for a new referral (or a partner's copy of a handed-on one), to its
 * provider's endpoint: what the provider needs to reply, as in their alert (`facts` are the
 * alert's own: when they promised to reply, where it came from), and nothing about the
 * referrer. None without a connected endpoint.
 */
export function createdEvent(
  deps: Pick<Deps, 'webhooks' | 'clock'>,
  referral: Referral,
  provider: ProviderEntry,
  facts: { respondBy: Date; origin: ReferralOrigin },
): WebhookMessage[] {
  if (!connectedEndpoint(deps, provider) || referral.erasedAt) return [];
  const { referee } = referral;
  return [
    message(
      webhookKeys.message(referral.id, 'created'),
      provider.slug,
      referral.id,
      {
        type: 'referral.created',
        version: WEBHOOK_EVENTS_VERSION,
        timestamp: referral.createdAt,
        data: {
          referral: {
            id: referral.id,
            provider: provider.slug,
            kind: referral.kind,
            origin: facts.origin,
            stage: 'new',
            createdAt: referral.createdAt,
            respondBy: facts.respondBy.toISOString(),
            ...optional('handedOnFrom', referral.handedOnFrom?.provider),
          },
          referee: { name: referee.name, email: referee.email, ...optional('phone', referee.phone), message: referee.message },
        },
      },
      deps.clock.now(),
    ),
  ];
}

/**
 * The event of the step a referral just took (its last history entry): `referral.handed_on`
 * when the referee accepted a hand-off (naming the partner, a provider here), else
 * `referral.stage_changed`. Stages and reason categories only; none once erased.
 */
export function stageEvent(deps: Pick<Deps, 'webhooks' | 'clock' | 'directory'>, referral: Referral, provider: ProviderEntry): WebhookMessage[] {
  const step = referral.history.at(-1);
  if (!connectedEndpoint(deps, provider) || !step || referral.erasedAt || step.stage !== referral.stage) return [];
  const now = deps.clock.now();
  const about = { id: referral.id, provider: provider.slug };
  if (referral.stage === 'handed-on') {
    const partner = referral.handedOnTo ? deps.directory.get(referral.handedOnTo.provider) : undefined;
    if (!partner) return [];
    return [
      message(webhookKeys.message(referral.id, 'handed-on'), provider.slug, referral.id, {
        type: 'referral.handed_on',
        version: WEBHOOK_EVENTS_VERSION,
        timestamp: step.at,
        data: { referral: about, partner: { slug: partner.slug, name: partner.name } },
      }, now),
    ];
  }
  if (referral.stage === 'new') return [];
  return [
    message(webhookKeys.message(referral.id, `stage-${referral.stage}`), provider.slug, referral.id, {
      type: 'referral.stage_changed',
      version: WEBHOOK_EVENTS_VERSION,
      timestamp: step.at,
      data: {
        referral: {
          ...about,
          stage: referral.stage,
          previousStage: referral.history.at(-2)?.stage ?? 'new',
          ...optional('reason', referral.stage === 'declined' ? referral.reason : undefined),
          by: step.by,
        },
      },
    }, now),
  ];
}

/** The sample "Send a test event" posts: a `referral.created` about nobody, marked `test`. */
export function testEvent(deps: Pick<Deps, 'clock'>, provider: ProviderEntry): WebhookMessage {
  const now = deps.clock.now();
  const at = now.toISOString();
  return message(webhookKeys.testMessage(provider.slug, now.getTime()), provider.slug, undefined, {
    type: 'referral.created',
    version: WEBHOOK_EVENTS_VERSION,
    timestamp: at,
    test: true,
    data: {
      referral: {
        id: 'test',
        provider: provider.slug,
        kind: 'recommendation',
        origin: 'recommendation',
        stage: 'new',
        createdAt: at,
        respondBy: new Date(now.getTime() + provider.responseHours * 3_600_000).toISOString(),
      },
      referee: { name: 'Sample Person', email: 'sample.person@example.com', message: 'A test event sent from the dashboard: nobody wrote this.' },
    },
  }, now);
}

/**
 * Records webhooks in the outbox as emails are recorded (`enqueue` in deliver.ts): the pending
 * marker, and the record only if its key is new; and lists each for its provider's dashboard.
 * Answers those this call created: an event recorded before is not recorded twice.
 */
export async function recordWebhooks(deps: Pick<Deps, 'store'>, messages: WebhookMessage[]): Promise<WebhookMessage[]> {
  const created = await Promise.all(
    messages.map(async (m) => {
      const [, written] = await Promise.all([
        deps.store.put('outbox', outboxKeys.marker(m.key), { key: m.key, createdAt: m.createdAt }),
        deps.store.create('outbox', outboxKeys.record(m.key), m),
        deps.store.put('outbox', webhookKeys.logEntry(m.provider, Date.parse(m.createdAt), m.key), {}),
      ]);
      return written === 'created';
    }),
  );
  return messages.filter((_, index) => created[index]);
}

/**
 * An erasure's side of the webhooks: every event about the referral loses its payload, and
 * those not yet posted are never posted (dead, `erased`). Then, if the endpoint may hold
 * anything about it (an event was posted, tried or is being posted), `referral.erased` is
 * recorded, due at once, for the outbox's next run, which posts it only after any delivery
 * about the referral still in flight. Answers whether it was recorded.
 */
export async function eraseFromWebhooks(deps: Pick<Deps, 'store' | 'clock' | 'directory'>, referral: Referral): Promise<boolean> {
  const now = deps.clock.now();
  const erasedKey = webhookKeys.message(referral.id, 'erased');
  const records = (await deps.store.list('outbox', outboxKeys.records(webhookKeys.messagesOf(referral.id)))).filter((record) => record !== outboxKeys.record(erasedKey));
  let reached = false;
  await Promise.all(
    records.map(async (record) => {
      let wasPending = false;
      await deps.store.update<unknown>('outbox', record, (raw) => {
        const current = asWebhookMessage(raw);
        if (!current) return null;
        wasPending = current.status === 'pending';
        if (current.status === 'sent' || current.attempts > 0 || current.sendingUntil) reached = true;
        if (current.payload === null && current.status !== 'pending') return null;
        return { ...current, payload: null, ...(wasPending ? { status: 'dead' as const, deadAt: now.toISOString(), lastError: 'erased' } : {}) };
      });
      if (wasPending) await deps.store.delete('outbox', outboxKeys.marker(outboxKeys.messageKeyOf(record)));
    }),
  );
  const provider = deps.directory.get(referral.provider);
  if (!reached || !provider?.webhook) return false;
  await recordWebhooks(deps, [
    message(erasedKey, provider.slug, referral.id, {
      type: 'referral.erased',
      version: WEBHOOK_EVENTS_VERSION,
      timestamp: referral.erasedAt ?? now.toISOString(),
      data: { referral: { id: referral.id, provider: provider.slug, stage: referral.stage } },
    }, now),
  ]);
  return true;
}
