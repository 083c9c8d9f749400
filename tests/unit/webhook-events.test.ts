// What each webhook says, as a versioned schema documented by the JSON Schema committed beside
// it, which must not go stale.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { WebhookEvent } from '../../src/lib/domain/webhook-events.ts';
import { WEBHOOK_SCHEMA_FILE, webhookSchemaText } from '../../scripts/lib/webhook-schema.ts';

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

describe('the schema', () => {
  it('refuses a field it does not document', () => {
    const sample = { type: 'referral.erased', version: 1, timestamp: '2030-04-02T09:15:00.000Z', data: { referral: { id: 'r1', provider: 'jane-okafor', stage: 'new' } } };
    expect(WebhookEvent.safeParse(sample).success).toBe(true);
    expect(WebhookEvent.safeParse({ ...sample, referrer: { name: 'Amara' } }).success).toBe(false);
  });
});
