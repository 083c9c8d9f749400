// The scheduled jobs against the real Blobs server: reminders and retention read only what is
// due (keys that say when), handle each due thing once however often they stop and run again,
// pick up from the keys left, and an erasure leaves no key behind.
//
// What failed before: retention listed every `id/` key of the site and read every referral old
// enough on every run; reminders listed every due key, due or not; an erased referral kept its
// reminder key until it fell due.
import { getStore } from '@netlify/blobs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Store } from '../../src/lib/domain/ports.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { applyRetention } from '../../src/lib/domain/use-cases/apply-retention.ts';
import { recordMilestone } from '../../src/lib/domain/use-cases/record-milestone.ts';
import { remindProviders } from '../../src/lib/domain/use-cases/remind-providers.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { postAction, postAnswer, postReferral } from '../support/handlers.ts';
import { address, localServices, recipients, signedLinks } from '../support/services.ts';

const services = localServices();
signedLinks();
const tokens = createTokens(TEST_SECRET);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const referrals = () => getStore({ name: 'vouch-referrals', consistency: 'strong' });
const keysUnder = async (prefix: string) => (await referrals().list({ prefix })).blobs.map((blob) => blob.key);

// The tests move the clock forward and back again; a real clock never runs back past a job's cursor,
// so each test starts as if the jobs had last run today.
beforeEach(async () => {
  const today = { day: Math.floor(Date.now() / DAY) - 1 };
  await Promise.all([referrals().setJSON('jobs/remind', today), referrals().setJSON('jobs/retain', today)]);
});

/** Deps whose store counts the referral records it reads, at a clock `hours` from now. */
function counted(hours: number) {
  const deps = createDeps();
  const reads: string[] = [];
  const store: Store = {
    ...deps.store,
    get: (collection, key) => {
      if (collection === 'referrals' && key.startsWith('id/')) reads.push(key.slice(3));
      return deps.store.get(collection, key);
    },
  };
  return { deps: { ...deps, store, clock: { now: () => new Date(Date.now() + hours * HOUR) } }, reads };
}

async function refer(provider = 'marcus-lee'): Promise<{ id: string; email: string }> {
  const email = address('due');
  const res = await postReferral({ provider, name: 'Perpetua Oyelaran-Whitcombe', email, message: 'Three pensions to bring together.', consent: true });
  expect(res.status).toBe(201);
  return { id: ((await res.json()) as { id: string }).id, email };
}

const remindersAbout = (id: string) => services.api.sent.filter((m) => /Reminder|Still waiting/.test(m.body.subject) && m.body.text!.includes(id));

describe('the reminder job', () => {
  it('reminds and escalates each referral once across runs cut short, reading only the referrals due', async () => {
    const stories = await Promise.all(Array.from({ length: 30 }, () => refer()));
    const later = await refer('sofia-marin');
    // Runs of at most 7: the job stops with work left, and the next run starts from the keys left.
    const runs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { deps, reads } = counted(49);
      const report = await remindProviders(deps, { max: 7 });
      runs.push(report.reminded);
      // Only due referrals are read: never `later`'s (Marcus promises 48 hours).
      expect(reads.every((id) => stories.some((s) => s.id === id))).toBe(true);
    }
    expect(runs).toEqual([7, 7, 7, 7, 2, 0]);
    for (const { id } of stories) expect(remindersAbout(id).map((m) => recipients(m).length)).toEqual([1]);
    expect(remindersAbout(later.id)).toEqual([]);

    for (let i = 0; i < 6; i++) await remindProviders(counted(73).deps, { max: 7 });
    for (const { id } of stories) expect(remindersAbout(id).map((m) => recipients(m).length)).toEqual([1, 2]);
    await remindProviders(counted(500).deps);
    for (const { id } of stories) expect(remindersAbout(id)).toHaveLength(2);
    // Handled keys are gone; a referral still waiting keeps none once escalated.
    expect((await keysUnder('remind/')).filter((key) => stories.some((s) => key.endsWith(s.id)))).toEqual([]);
  });

  it('sends nothing twice when a run stops between the work and the deletion of its key', async () => {
    const story = await refer();
    const { deps } = counted(49);
    const failing: Store = {
      ...deps.store,
      delete: async (collection, key) => {
        if (key.startsWith('remind/') && key.endsWith(story.id)) throw new Error('stopped here');
        return deps.store.delete(collection, key);
      },
    };
    await expect(remindProviders({ ...deps, store: failing })).rejects.toThrow('stopped here');
    await remindProviders(deps);
    await remindProviders(deps);
    expect(remindersAbout(story.id)).toHaveLength(1);
  });
});

describe('the retention job', () => {
  it('reads only the referrals whose retention falls due, and erases each once', async () => {
    const quiet = await refer('sofia-marin');
    const engaged = await refer('sofia-marin');
    const act = tokens.sign({ purpose: 'act', subject: `sofia-marin/${engaged.id}`, expiresAt: Date.now() + HOUR })!;
    expect((await postAction({ token: act, action: 'contacted' })).status).toBe(200);

    const early = counted(24 * 100);
    expect(await applyRetention(early.deps)).toMatchObject({ examined: 0, unprogressed: 0 });
    expect(early.reads).toEqual([]);

    // Every referral of this file is due now (the others were made in the tests above, as new): each is read once or twice (its own key and the backfill's), no more.
    const due = counted(24 * 181);
    const first = await applyRetention(due.deps, { max: 1000 });
    expect(first.expired).toBe(0);
    expect(first.unprogressed).toBe((await keysUnder('erased/')).length);
    expect(due.reads).toEqual(expect.arrayContaining([quiet.id, engaged.id]));
    expect(((await referrals().get(`id/${quiet.id}`, { type: 'json' })) as Referral).erasedAt).toBeTruthy();
    expect(((await referrals().get(`id/${engaged.id}`, { type: 'json' })) as Referral).referee.email).toBe(engaged.email);
    const again = counted(24 * 182);
    expect(await applyRetention(again.deps)).toMatchObject({ examined: 0, unprogressed: 0 });
    expect(again.reads).toEqual([]);

    // The engaged referral waits for the longer period, then goes.
    expect((await applyRetention(counted(24 * 731).deps, { max: 1000 })).expired).toBeGreaterThanOrEqual(1);
    expect(((await referrals().get(`id/${engaged.id}`, { type: 'json' })) as Referral).referee.email).toBe('');
  });

  it('erases a referral that stopped progressing after the shorter period at its next run', async () => {
    const story = await refer('sofia-marin');
    const act = tokens.sign({ purpose: 'act', subject: `sofia-marin/${story.id}`, expiresAt: Date.now() + HOUR })!;
    expect((await postAction({ token: act, action: 'contacted' })).status).toBe(200);
    await applyRetention(counted(24 * 200).deps, { max: 1000 });
    expect(((await referrals().get(`id/${story.id}`, { type: 'json' })) as Referral).erasedAt).toBeUndefined();
    expect(await recordMilestone(counted(24 * 200).deps, { provider: 'sofia-marin', referral: story.id }, { action: 'declined', reason: 'timing' })).toMatchObject({ ok: true });
    // Declined after the shorter period: its key is due again at once.
    await applyRetention(counted(24 * 201).deps, { max: 1000 });
    expect(((await referrals().get(`id/${story.id}`, { type: 'json' })) as Referral).erasedAt).toBeTruthy();
  });
});

describe('an erasure', () => {
  it('removes the referral\u2019s reminder and retention keys', async () => {
    const story = await refer('sofia-marin');
    const mine = async () => (await Promise.all([keysUnder('remind/'), keysUnder('retain/')])).flat().filter((key) => key.endsWith(story.id));
    expect(await mine()).toHaveLength(2);
    const respond = tokens.sign({ purpose: 'respond', subject: story.id, expiresAt: Date.now() + HOUR })!;
    expect((await postAnswer({ token: respond, answer: 'erase' })).status).toBe(200);
    expect(await mine()).toEqual([]);
  });
});

describe('a site from before the due keys', () => {
  it('gives every stored referral a retention key on the first run, and erases those past their period', async () => {
    const old = Date.now() - 400 * DAY;
    const id = `${old.toString(36).padStart(9, '0')}legacy0001`;
    const legacy: Referral = {
      id,
      provider: 'sofia-marin',
      kind: 'recommendation',
      referee: { name: 'Ignatius Before-Keys', email: 'before.keys@example.org', message: 'Old.' },
      consent: { contact: true, shareFirstName: false },
      selfReferral: false,
      thankReferrer: false,
      stage: 'new',
      history: [],
      createdAt: new Date(old).toISOString(),
      updatedAt: new Date(old).toISOString(),
    };
    await referrals().setJSON(`id/${id}`, legacy);
    await referrals().delete('jobs/retain-backfill');
    const report = await applyRetention(createDeps());
    expect(report.backfilled).toBeGreaterThanOrEqual(1);
    expect(report.unprogressed).toBeGreaterThanOrEqual(1);
    expect(((await referrals().get(`id/${id}`, { type: 'json' })) as Referral).referee.email).toBe('');
    expect((await applyRetention(createDeps())).backfilled).toBe(0);
  });
});
