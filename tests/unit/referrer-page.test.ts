import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Stage } from '../../src/lib/domain/lifecycle.ts';
import { referrerPage } from '../../src/lib/domain/use-cases/referrer-page.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';
import { noWebhooks } from '../support/no-webhooks.ts';

describe("the referrer's page", () => {
  it('lists the referrals made through a link whose code holds dashes, by stage, with a first name only where allowed', async () => {
    const store = createMemoryStore();
    const clock = { now: () => new Date('2030-01-10T00:00:00Z') };
    const jane = provider();
    const deps = { store, clock, tokens: createTokens(TEST_SECRET), directory: directoryOf(jane), retention: site.retention, ids: fixedIds(), mailer: createRecordingMailer(), webhooks: noWebhooks, render: () => ({ from: 'f', subject: 's', text: 't', html: 'h' }) };
    const code = 'Ab-cd-EfGhIjKlMnOpQr_1';
    await store.put('referrers', `code/${code}`, { code, provider: jane.slug, name: 'Amara Obi', email: 'amara@example.org', createdAt: '2030-01-01T00:00:00Z' });
    const referral = (id: string, shareFirstName: boolean, stage: Stage) => ({
      id, provider: jane.slug, kind: 'recommendation', referrer: code, referee: { name: 'Priya Shah', email: 'priya@example.net', message: 'Secret' },
      consent: { contact: true, shareFirstName }, selfReferral: false, thankReferrer: true, stage, history: [], createdAt: '2030-01-02T00:00:00Z', updatedAt: '2030-01-02T00:00:00Z',
    });
    await store.put('referrals', 'id/0000000001aaaaaaaaaa', referral('0000000001aaaaaaaaaa', true, 'met'));
    await store.put('referrals', 'id/0000000002bbbbbbbbbb', referral('0000000002bbbbbbbbbb', false, 'declined'));
    await store.put('referrals', `referrer/${code}/1-0000000001aaaaaaaaaa`, {});
    await store.put('referrals', `referrer/${code}/2-0000000002bbbbbbbbbb`, {});
    const page = await referrerPage(deps, createTokens(TEST_SECRET).sign({ purpose: 'referrer', subject: code, expiresAt: Date.parse('2030-02-01T00:00:00Z') }));
    expect(page.ok && page.value.rows).toEqual([
      { createdAt: '2030-01-02T00:00:00Z', kind: 'recommendation', stage: 'declined', status: "Didn't go ahead" },
      { createdAt: '2030-01-02T00:00:00Z', kind: 'recommendation', stage: 'met', status: 'Had a first meeting', refereeFirstName: 'Priya' },
    ]);
    expect(JSON.stringify(page)).not.toMatch(/Shah|priya@|Secret|amara@/);
  });
});
