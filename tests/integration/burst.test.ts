// 100 identical referral posts at once, against the real Blobs server in a process of its own,
// a quarter of a second away (Netlify's is another machine, sometimes in another region): one
// referral, each email once, and every answer true, none after the file's 30-second limit.
//
// What failed before the fix (main at f9932c7): conditional writes of one key from this process
// queued one behind another, each a round trip, and the queue's wait was outside the store's
// deadline: 9 of the 100 answered 503 "nothing was stored or sent" (untrue: the first
// was stored), and the last answers came after about 28 s, the test after 30 s.
import { getStore } from '@netlify/blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { startBlobsProcess } from '../../scripts/lib/blobs-server.ts';
import { useResend } from '../support/env.ts';
import { postReferral, postReferrer } from '../support/handlers.ts';
import { type ResendApi, startResendApi } from '../support/resend-api.ts';
import { address, recipients } from '../support/services.ts';

let blobs: Awaited<ReturnType<typeof startBlobsProcess>>;
let api: ResendApi;
beforeAll(async () => {
  blobs = await startBlobsProcess({ latencyMs: 250 });
  api = await startResendApi();
  useResend(api);
});
afterAll(async () => {
  await api.close();
  await blobs.stop();
});

describe('100 identical referral posts at once', () => {
  it('store one referral, send each email once, and answer each with its id or an honest refusal', async () => {
    const owner = address('owner');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Alice Walker', email: owner })).status).toBe(202);
    const ref = /\/r\/([A-Za-z0-9_-]{22})\s/.exec(api.sent.find((m) => recipients(m).includes(owner))!.body.text!)![1]!;
    const body = { provider: 'jane-okafor', ref, name: 'Bob Stone', email: address('bob'), message: 'Help with three old pensions.', consent: true };
    const responses = await Promise.all(Array.from({ length: 100 }, () => postReferral(body)));
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
    for (const answer of answers) {
      expect([201, 409, 429]).toContain(answer.status);
      if (answer.status !== 201) expect(answer.body.error.message).not.toMatch(/nothing was/i);
    }
    const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const store = getStore({ name: 'vouch-referrals', consistency: 'strong' });
    const keys = (await store.list({ prefix: 'id/' })).blobs.map((b) => b.key);
    const stored = (await Promise.all(keys.map((key) => store.get(key, { type: 'json' }) as Promise<Referral>))).filter((r) => r.referee.email === body.email);
    expect(stored.map((r) => r.id)).toEqual([...ids]);
    for (const who of [body.email, owner, 'jane@example.com']) {
      expect(api.sent.filter((m) => recipients(m).includes(who) && !/personal link/.test(m.body.subject))).toHaveLength(1);
    }
  });
});
