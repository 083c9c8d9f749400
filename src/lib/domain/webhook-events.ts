import { z } from 'zod';
import { declineReasons, stages } from './stages.ts';

/** The payload version every event carries; a change a receiver could trip on comes as a new version, announced in the README. */
export const WEBHOOK_EVENTS_VERSION = 1;

/** The events a provider's endpoint receives. */
export const webhookEventTypes = ['referral.created', 'referral.stage_changed', 'referral.handed_on', 'referral.erased'] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

const time = (what: string) => z.iso.datetime().describe(`${what} (ISO 8601, UTC)`);
const ReferralId = z.string().min(1).max(64).describe("The referral's id on this site: the same in every event about it");
const ProviderSlug = z.string().min(1).max(64).describe('The provider it is for: the name of their content file, e.g. jane-okafor');

/** The envelope of every event (Standard Webhooks' recommended shape: type, timestamp, data). */
const event = <T extends WebhookEventType, D extends z.ZodType>(type: T, description: string, data: D) =>
  z
    .strictObject({
      type: z.literal(type),
      version: z.literal(WEBHOOK_EVENTS_VERSION).describe('The payload version (see the README before relying on a new one)'),
      timestamp: time('When it happened'),
      test: z.literal(true).optional().describe('Only on the sample that "Send a test event" sends: it is about nobody'),
      data,
    })
    .describe(description);

/** A new referral: what the provider needs to reply, as in their alert, and nothing about the referrer. */
export const ReferralCreated = event(
  'referral.created',
  'A new referral for the provider: the person to contact, what they wrote, and by when the provider promised to reply. Nothing about the referrer.',
  z.strictObject({
    referral: z.strictObject({
      id: ReferralId,
      provider: ProviderSlug,
      kind: z.enum(['recommendation', 'introduction']).describe('A recommendation (the person wrote in through a referrer) or an introduction (a referrer wrote about them)'),
      origin: z.enum(['recommendation', 'introduction', 'direct']).describe('Where it came from: direct when the person came straight to the page'),
      stage: z.literal('new'),
      createdAt: time('When it arrived'),
      respondBy: time('When the provider promised to be in touch by'),
      handedOnFrom: ProviderSlug.optional().describe('The provider who handed the person on, with their consent'),
    }),
    referee: z
      .strictObject({
        name: z.string().describe('Their name, as they typed it'),
        email: z.string().describe('Their address, as they typed it'),
        phone: z.string().optional().describe('Their phone number, if they gave one'),
        message: z.string().describe('What they wrote (or, for an introduction, what the referrer wrote about them): for the provider only'),
      })
      .describe('The person referred: keep it only as long as you need it, and delete it on referral.erased'),
  }),
);

/** A referral moved to another stage (anything but a hand-off, which is `referral.handed_on`). */
export const ReferralStageChanged = event(
  'referral.stage_changed',
  'A referral moved on: contacted, first meeting, working together, did not go ahead (with a reason category), a hand-off offered, or withdrawn.',
  z.strictObject({
    referral: z.strictObject({
      id: ReferralId,
      provider: ProviderSlug,
      stage: z.enum(stages).exclude(['new', 'handed-on']).describe('The stage it is at now'),
      previousStage: z.enum(stages).describe('The stage it was at before'),
      reason: z.enum(declineReasons).optional().describe('Why it did not go ahead, by category, when stage is declined'),
      by: z.enum(['provider', 'referee']).describe('Who moved it: the provider, or the person referred (their answer to a hand-off)'),
    }),
  }),
);

/** The referee accepted being handed on to a partner; the partner's own endpoint gets a `referral.created`. */
export const ReferralHandedOn = event(
  'referral.handed_on',
  'The person accepted being handed on to a better-placed partner, who now has their details; the referral is closed for this provider.',
  z.strictObject({
    referral: z.strictObject({ id: ReferralId, provider: ProviderSlug }),
    partner: z.strictObject({ slug: ProviderSlug, name: z.string().describe("The partner's name, as on their page") }),
  }),
);

/** The referee's details were erased here: the receiver must delete what it holds about the referral. */
export const ReferralErased = event(
  'referral.erased',
  "The person's details were erased here (they asked, or the retention period ended). Delete everything you hold about this referral: this is how erasure reaches your own tools.",
  z.strictObject({
    referral: z.strictObject({ id: ReferralId, provider: ProviderSlug, stage: z.enum(stages).describe('The stage it had reached') }),
  }),
);

/** Any event, as posted: the body of a webhook. */
export const WebhookEvent = z.discriminatedUnion('type', [ReferralCreated, ReferralStageChanged, ReferralHandedOn, ReferralErased]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** The JSON Schema of every event's body, generated from `WebhookEvent` (committed as schemas/webhook-events.v1.json). */
export function webhookEventsJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `Vouch webhook events, version ${WEBHOOK_EVENTS_VERSION}`,
    description:
      'The JSON body of each webhook a provider receives, signed as Standard Webhooks specifies (headers webhook-id, webhook-timestamp, webhook-signature). The webhook-id stays the same when a delivery is retried: use it to ignore a repeat.',
    ...z.toJSONSchema(WebhookEvent, { target: 'draft-2020-12' }),
  };
}

/** A webhook to post, as recorded in the outbox beside the emails (`channel` tells them apart). */
export type WebhookMessage = {
  channel: 'webhook';
  /** Stable key: the outbox record's key and the `webhook-id` of every attempt. */
  key: string;
  /** The provider whose endpoint it goes to (their content file names it). */
  provider: string;
  /** The referral it is about; none for a test event. */
  referral?: string;
  event: WebhookEventType;
  /** Set on the sample a provider sends from their dashboard. */
  test?: true;
  /** The body to post; null once the referee was erased (what was not yet sent is then never sent). */
  payload: WebhookEvent | null;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** Until when a sender holds it: taken with a conditional write, so that one sender at a time posts it. */
  sendingUntil?: string;
  sentAt?: string;
  deadAt?: string;
  /** The code of the last failure (see `WebhookFailure.code` in ports.ts`), or `erased`. */
  lastError?: string;
  /** The receiver's HTTP status at the last attempt that got an answer. */
  lastStatus?: number;
};
