// The webhooks a referral's life makes: one event per referral and step, built from the stored
// referral with what its provider may see. The outbox records them (`recordWebhooks` in
// records/outbox.ts) before anything is posted; posting them is webhook-post.ts's.
import { optional } from './optional.ts';
import type { WebhookSender } from './ports.ts';
import type { Directory, ProviderEntry } from './provider.ts';
import type { Referral } from './referral.ts';
import type { ReferralOrigin } from './stages.ts';
import type { Clock } from './time.ts';
import { WEBHOOK_EVENTS_VERSION, type WebhookEvent } from './webhook-events.ts';

/** A provider's endpoint, when events for it are recorded: named in their content file, with a secret that can sign. */
export const connectedEndpoint = (deps: { webhooks: WebhookSender }, provider: ProviderEntry | undefined) =>
  provider?.webhook && deps.webhooks.secretState(provider.webhook.secretVariable) === 'ready' ? provider.webhook : undefined;

/**
 * `referral.created` for a new referral (or a partner's copy of a handed-on one), to its
 * provider's endpoint: what the provider needs to reply, as in their alert (`facts` are the
 * alert's own: when they promised to reply, where it came from), and nothing about the
 * referrer. None without a connected endpoint.
 */
export function createdEvent(
  deps: { webhooks: WebhookSender },
  referral: Referral,
  provider: ProviderEntry,
  facts: { respondBy: Date; origin: ReferralOrigin },
): WebhookEvent[] {
  if (!connectedEndpoint(deps, provider) || referral.erasedAt) return [];
  const { referee } = referral;
  return [
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
  ];
}

/**
 * The event of the step a referral just took (its last history entry): `referral.handed_on`
 * when the referee accepted a hand-off (naming the partner, a provider here), else
 * `referral.stage_changed`. Stages and reason categories only; none once erased.
 */
export function stageEvent(deps: { webhooks: WebhookSender; directory: Directory }, referral: Referral, provider: ProviderEntry): WebhookEvent[] {
  const step = referral.history.at(-1);
  if (!connectedEndpoint(deps, provider) || !step || referral.erasedAt || step.stage !== referral.stage) return [];
  const about = { id: referral.id, provider: provider.slug };
  if (referral.stage === 'handed-on') {
    const partner = referral.handedOnTo ? deps.directory.get(referral.handedOnTo.provider) : undefined;
    if (!partner) return [];
    return [
      {
        type: 'referral.handed_on',
        version: WEBHOOK_EVENTS_VERSION,
        timestamp: step.at,
        data: { referral: about, partner: { slug: partner.slug, name: partner.name } },
      },
    ];
  }
  if (referral.stage === 'new') return [];
  return [
    {
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
    },
  ];
}

/**
 * `referral.erased`, telling a provider's endpoint to delete what it holds about the referral
 * (recorded by `eraseFromWebhooks` only if the endpoint may hold anything); none for a provider
 * without an endpoint.
 */
export function erasedEvent(deps: { clock: Clock; directory: Directory }, referral: Referral): WebhookEvent | null {
  const provider = deps.directory.get(referral.provider);
  if (!provider?.webhook) return null;
  return {
    type: 'referral.erased',
    version: WEBHOOK_EVENTS_VERSION,
    timestamp: referral.erasedAt ?? deps.clock.now().toISOString(),
    data: { referral: { id: referral.id, provider: provider.slug, stage: referral.stage } },
  };
}

/** The sample "Send a test event" posts: a `referral.created` about nobody, marked `test`. */
export function testEvent(deps: { clock: Clock }, provider: ProviderEntry): WebhookEvent {
  const now = deps.clock.now();
  const at = now.toISOString();
  return {
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
  };
}
