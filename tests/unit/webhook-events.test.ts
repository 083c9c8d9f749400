// What each webhook says: built from the stored referral through the same allowlist as the
// provider's alert (the referee's details, never the referrer's), valid against the versioned
// schema, and documented by the JSON Schema committed beside it, which must not go stale.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { WebhookSender } from '../../src/lib/domain/ports.ts';
import { WebhookEvent } from '../../src/lib/domain/webhook-events.ts';
import { webhookMessage } from '../../src/lib/domain/records/outbox.ts';
import { createdEvent, stageEvent, testEvent } from '../../src/lib/domain/webhook-messages.ts';
import { WEBHOOK_SCHEMA_FILE, webhookSchemaText } from '../../scripts/lib/webhook-schema.ts';
import { directoryOf, provider, referralFixture } from '../fixtures/domain.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';

const at = new Date('2030-04-02T09:15:00.000Z');
const clock = { now: () => at };
const connected: WebhookSender = { secretState: () => 'ready', send: async () => ({ ok: true, value: { status: 204 } }) };
const unsigned: WebhookSender = { ...connected, secretState: () => 'missing' };
const jane = provider({ webhook: { url: 'https://hooks.zapier.com/hooks/catch/123456/abcdef/', secretVariable: 'WEBHOOK_SECRET_JANE_OKAFOR' } });
const marcus = provider({ slug: 'marcus-lee', name: 'Marcus Lee', notify: ['marcus@example.com'] });
const deps = { clock, webhooks: connected, directory: directoryOf(jane, marcus) };
/** Events as the outbox records them, under their keys. */
const recorded = (events: WebhookEvent[]) => events.map((event) => webhookMessage(event, at));
const facts = { respondBy: new Date('2030-04-03T09:15:00.000Z'), origin: 'recommendation' as const };

const stepped = (referral: Referral, stage: Referral['stage'], by: 'provider' | 'referee' = 'provider', extra: Partial<Referral> = {}): Referral => ({
  ...referral,
  ...extra,
  stage,
  history: [...referral.history, { stage, at: at.toISOString(), by }],
});

describe('the committed JSON Schema', () => {
  it(`is what the zod schema makes (after a change, run npm run schema:webhooks and commit ${WEBHOOK_SCHEMA_FILE})`, async () => {
    expect(await readFile(WEBHOOK_SCHEMA_FILE, 'utf8')).toBe(webhookSchemaText());
  });

  it('documents each of the four events, and every field of each', () => {
    const schema = JSON.parse(webhookSchemaText()) as { oneOf: { description?: string; properties: { type: { const: string } }; additionalProperties: boolean }[] };
    expect(schema.oneOf.map((event) => event.properties.type.const)).toEqual(['referral.created', 'referral.stage_changed', 'referral.handed_on', 'referral.erased']);
    for (const event of schema.oneOf) {
      expect(event.description).toBeTruthy();
      expect(event.additionalProperties).toBe(false);
    }
    expect(webhookSchemaText()).toContain('Delete everything you hold about this referral');
  });
});

describe('referral.created', () => {
  const referral = referralFixture(at, { referee: { name: 'Zebedee Quill-Oyelaran', email: 'zeb@example.net', phone: '+44 7700 900456', message: 'Pensions, please. <script>' } });

  it('carries the referee as the alert does, and nothing of the referrer', () => {
    const [message] = recorded(createdEvent(deps, referral, jane, facts));
    expect(message).toMatchObject({ channel: 'webhook', key: `hook-${referral.id}-created`, provider: 'jane-okafor', referral: referral.id, event: 'referral.created', status: 'pending', attempts: 0 });
    const event = WebhookEvent.parse(message!.payload);
    expect(event).toEqual({
      type: 'referral.created',
      version: 1,
      timestamp: referral.createdAt,
      data: {
        referral: { id: referral.id, provider: 'jane-okafor', kind: 'recommendation', origin: 'recommendation', stage: 'new', createdAt: referral.createdAt, respondBy: '2030-04-03T09:15:00.000Z' },
        referee: { name: 'Zebedee Quill-Oyelaran', email: 'zeb@example.net', phone: '+44 7700 900456', message: 'Pensions, please. <script>' },
      },
    });
    expect(JSON.stringify(message)).not.toContain(referral.referrer!);
  });

  it('is not made without a secret that can sign, without an endpoint, or for an erased referral', () => {
    expect(createdEvent({ ...deps, webhooks: unsigned }, referral, jane, facts)).toEqual([]);
    expect(createdEvent(deps, referral, marcus, facts)).toEqual([]);
    expect(createdEvent(deps, { ...referral, erasedAt: at.toISOString() }, jane, facts)).toEqual([]);
  });
});

describe('referral.stage_changed and referral.handed_on', () => {
  const referral = referralFixture(at);

  it.each([
    ['contacted', 'new', {}],
    ['met', 'contacted', {}],
    ['working', 'met', {}],
    ['declined', 'contacted', { reason: 'timing' as const }],
    ['handoff-proposed', 'contacted', {}],
  ] as const)('%s: the stage, the one before and who moved it, by category only', (stage, previous, extra) => {
    const before = previous === 'new' ? referral : stepped(referral, previous);
    const [message] = recorded(stageEvent(deps, stepped(before, stage, 'provider', extra), jane));
    expect(message?.key).toBe(`hook-${referral.id}-stage-${stage}`);
    expect(WebhookEvent.parse(message!.payload)).toEqual({
      type: 'referral.stage_changed',
      version: 1,
      timestamp: at.toISOString(),
      data: { referral: { id: referral.id, provider: 'jane-okafor', stage, previousStage: previous, by: 'provider', ...extra } },
    });
    expect(JSON.stringify(message)).not.toContain(referral.referee.email);
  });

  it('a refused hand-off is the referee’s step to withdrawn', () => {
    const [message] = recorded(stageEvent(deps, stepped(stepped(referral, 'handoff-proposed'), 'withdrawn', 'referee'), jane));
    expect(message?.payload).toMatchObject({ data: { referral: { stage: 'withdrawn', previousStage: 'handoff-proposed', by: 'referee' } } });
  });

  it('an accepted hand-off names the partner, a provider here, and nothing of the person', () => {
    const handed = stepped(stepped(referral, 'handoff-proposed'), 'handed-on', 'referee', { handedOnTo: { provider: 'marcus-lee', referral: `${referral.id}h` } });
    const [message] = recorded(stageEvent(deps, handed, jane));
    expect(message?.key).toBe(`hook-${referral.id}-handed-on`);
    expect(WebhookEvent.parse(message!.payload)).toEqual({
      type: 'referral.handed_on',
      version: 1,
      timestamp: at.toISOString(),
      data: { referral: { id: referral.id, provider: 'jane-okafor' }, partner: { slug: 'marcus-lee', name: 'Marcus Lee' } },
    });
  });

  it('is not made for a referral that took no step, or once erased', () => {
    expect(stageEvent(deps, referral, jane)).toEqual([]);
    expect(stageEvent(deps, { ...stepped(referral, 'contacted'), erasedAt: at.toISOString() }, jane)).toEqual([]);
  });
});

describe('the test event', () => {
  it('is a valid referral.created about nobody, marked test, its own key', () => {
    const [message] = recorded([testEvent(deps, jane)]);
    expect(message!.key).toBe(`hook-test-jane-okafor-${at.getTime()}`);
    expect(message!.referral).toBeUndefined();
    expect(message!.test).toBe(true);
    expect(WebhookEvent.parse(message!.payload)).toMatchObject({ type: 'referral.created', test: true, data: { referral: { id: 'test' }, referee: { email: 'sample.person@example.com' } } });
  });

  it('the schema refuses a field it does not document', () => {
    expect(WebhookEvent.safeParse({ ...testEvent(deps, jane), referrer: { name: 'Amara' } }).success).toBe(false);
  });
});
