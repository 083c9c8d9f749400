// The retention job against the real Blobs server, with the clock moved forward: referees'
// details go after the unprogressed period unless the provider got in touch, and after the
// longest period in any case; erased referrals are not read again.
import { getStore } from '@netlify/blobs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { applyRetention } from '../../src/lib/domain/use-cases/apply-retention.ts';
import { postAction, postReferral } from '../support/handlers.ts';
import { address, localServices, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
const DAY = 24 * 3_600_000;

signedLinks();

const record = (id: string) =>
  getStore({ name: 'vouch-referrals', consistency: 'strong' }).get(`id/${id}`, { type: 'json' }) as Promise<Referral | null>;

async function refer(name: string) {
  const email = address('kept');
  const res = await postReferral({ provider: 'sofia-marin', name, email, phone: '+44 7700 900123', message: `${name} needs a hand.`, consent: true });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const alert = services.api.sent.find((m) => m.body.text!.includes(email))!;
  return { id, email, name, act: tokenIn(alert, 'act') };
}

// The tests move the clock forward and back again; a real clock never runs back past the job's cursor,
// so each test starts as if the job had last run today.
beforeEach(async () => {
  await getStore({ name: 'vouch-referrals', consistency: 'strong' }).setJSON('jobs/retain', { day: Math.floor(Date.now() / DAY) - 1 });
});

describe('the retention job', () => {
  it('erases unprogressed referrals after 180 days, the rest after 730, keeps counts, and does not read erased ones again', async () => {
    const quiet = await refer('Ottoline Quist');
    const engaged = await refer('Barnaby Fenwick');
    expect((await postAction({ token: engaged.act, action: 'contacted' })).status).toBe(200);
    const at = (days: number) => ({ ...createDeps(), clock: { now: () => new Date(Date.now() + days * DAY) } });

    expect(await applyRetention(at(179))).toMatchObject({ unprogressed: 0, expired: 0 });
    expect((await record(quiet.id))!.referee.email).toBe(quiet.email);

    const first = await applyRetention(at(181));
    expect(first.unprogressed).toBeGreaterThanOrEqual(1);
    expect(await record(quiet.id)).toMatchObject({ stage: 'new', provider: 'sofia-marin', referee: { name: '', email: '', message: '' } });
    expect((await record(engaged.id))!.referee.email).toBe(engaged.email);

    expect((await applyRetention(at(731))).expired).toBeGreaterThanOrEqual(1);
    expect(await record(engaged.id)).toMatchObject({ stage: 'contacted', referee: { name: '', email: '', message: '' } });
    for (const blob of await services.blobs.dump()) {
      for (const secret of [quiet.email, engaged.email, 'Ottoline', 'Quist', 'Barnaby', 'Fenwick', '900123']) expect(blob).not.toContain(secret);
    }
    expect(await applyRetention(at(732))).toEqual({ examined: 0, unprogressed: 0, expired: 0, skipped: 0, backfilled: 0 });
  });

  it('erases at most `max` referrals a run and leaves the rest for the next', async () => {
    await refer('Cordelia Ashby');
    await refer('Desmond Ashby');
    const later = { ...createDeps(), clock: { now: () => new Date(Date.now() + 800 * DAY) } };
    const first = await applyRetention(later, { max: 1 });
    expect(first.expired).toBe(1);
    expect(first.skipped).toBeGreaterThanOrEqual(1);
    await applyRetention(later);
    expect(await applyRetention(later)).toMatchObject({ examined: 0, skipped: 0 });
  });
});
