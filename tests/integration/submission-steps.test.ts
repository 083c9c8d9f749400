// How a submission is stored and sent, step by step, against the real Blobs server and the
// local Resend-like server: the answer comes before the emails where the platform allows it,
// and a request that stops half-way, or is overtaken, still makes one referral and sends
// each email once.
import { getStore } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { type Store, StorageUnavailable } from '../../src/lib/domain/ports.ts';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { submitReferral } from '../../src/lib/domain/use-cases/submit-referral.ts';
import { DAY_MS, dayOf } from '../../src/lib/domain/time.ts';
import { postReferral } from '../support/handlers.ts';
import { address, linkFor, localServices, mailTo } from '../support/services.ts';

const services = localServices();

const referrals = () => getStore({ name: 'vouch-referrals', consistency: 'strong' });
const outbox = () => getStore({ name: 'vouch-outbox', consistency: 'strong' });
const keysUnder = async (store: ReturnType<typeof getStore>, prefix: string) => (await store.list({ prefix })).blobs.map((b) => b.key);

const fields = (ref: string, email = address('bob')) => ({
  provider: 'jane-okafor',
  ref,
  name: 'Bob Stone',
  email,
  message: 'Help with three old pensions.',
  consent: true,
  shareFirstName: true,
});

/** The ids of the referrals stored for an address, from the provider's index. */
async function storedFor(email: string): Promise<Referral[]> {
  const keys = await keysUnder(referrals(), 'listing/jane-okafor/all/');
  const all = await Promise.all(keys.map((key) => referrals().get(`id/${key.split('/').at(-1)}`, { type: 'json' }) as Promise<Referral | null>));
  return all.filter((referral): referral is Referral => referral?.referee.email === email);
}

/** The email keys sent for a referral, sorted. */
const sentFor = (id: string) =>
  services.api.sent
    .map((email) => email.idempotencyKey!)
    .filter((key) => key.startsWith(`${id}-`))
    .sort();

/** A run of the outbox scheduler, `minutes` from now. */
async function drainAt(minutes: number) {
  const { drainOutbox } = await import('../../src/lib/domain/use-cases/drain-outbox.ts');
  return drainOutbox({ ...createDeps(), clock: { now: () => new Date(Date.now() + minutes * 60_000) } }, { pause: async () => {} });
}

const allThree = (id: string) => [`${id}-provider-alert`, `${id}-referee-confirmation`, `${id}-referrer-thanks`];

/** A store that fails, or waits for a signal, on the calls `when` picks. */
function interfere(store: Store, when: (method: keyof Store, collection: string, key: string) => 'fail' | Promise<void> | undefined): Store {
  const wrap =
    <M extends keyof Store>(method: M) =>
    async (...args: Parameters<Store[M]>) => {
      const action = when(method, args[0], args[1] as string);
      if (action === 'fail') throw new StorageUnavailable(`${method} failed on purpose`);
      if (action) await action;
      return (store[method] as (...a: Parameters<Store[M]>) => ReturnType<Store[M]>)(...args);
    };
  return { get: wrap('get'), create: wrap('create'), put: wrap('put'), update: wrap('update'), list: wrap('list'), folders: wrap('folders'), delete: wrap('delete') } as unknown as Store;
}

describe('answering before sending', () => {
  it('answers once everything is stored, and sends the emails after, through waitUntil', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const after: Promise<unknown>[] = [];
    const sentBefore = services.api.sent.length;
    const res = await postReferral(fields(ref, email), undefined, { waitUntil: (task) => void after.push(task) });
    // Taken as the answer arrives, before any I/O can complete: delivery needs a storage read
    // and a mail API call, so whatever the server holds now was sent before the answer.
    const sentAtAnswer = services.api.sent.length;
    expect(res.status).toBe(201);
    const { id } = await res.json();
    expect(after).toHaveLength(1);
    expect(sentAtAnswer).toBe(sentBefore);
    expect(await referrals().get(`id/${id}`, { type: 'json' })).toMatchObject({ id, stage: 'new' });

    await Promise.all(after);
    expect(sentFor(id)).toEqual(allThree(id));
    expect(await keysUnder(outbox(), `pending/${id}-`)).toEqual([]);
    expect(mailTo(services.api, email)).toHaveLength(1);
  });

  it('sends before answering where the platform cannot keep working after the answer', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const res = await postReferral(fields(ref));
    const { id } = await res.json();
    expect(sentFor(id)).toEqual(allThree(id));
  });
});

describe('a request that stops half-way', () => {
  it('leaves a claim its retry completes: one referral, each email sent once', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const base = createDeps();
    // The claim is made, then writing the referral fails: the submitter is asked to try again.
    const failing = { ...base, store: interfere(base.store, (method, collection, key) => ((method === 'put' || method === 'create') && collection === 'referrals' && key.startsWith('id/') ? 'fail' : undefined)) };
    const first = await submitReferral(failing, fields(ref, email));
    expect(first).toEqual({ ok: false, error: { code: 'unavailable' } });
    expect(await storedFor(email)).toEqual([]);

    const retry = await submitReferral(createDeps(), fields(ref, email));
    expect(retry.ok).toBe(true);
    const id = retry.ok ? retry.value.id : '';
    const [stored, ...others] = await storedFor(email);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ id, thankReferrer: true, referrer: ref });
    expect(await keysUnder(referrals(), `referrer/${ref}/`)).toEqual([`referrer/${ref}/${Date.parse(stored!.createdAt)}-${id}`]);
    // The first request recorded no email (nothing follows a referral that was not stored): the
    // retry sent all three, and the scheduler finds nothing to send twice.
    expect(sentFor(id)).toEqual(allThree(id));
    const drained = await drainAt(3);
    expect(drained.failed).toBe(0);
    expect(sentFor(id)).toEqual(allThree(id));
  });

  it('stored the referral, then could not record all its emails: the scheduler sends each once', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const base = createDeps();
    // The referral is written, the provider's alert is not: what was stored is acknowledged.
    const failing = { ...base, store: interfere(base.store, (method, collection, key) => (method === 'create' && collection === 'outbox' && key.endsWith('-provider-alert') ? 'fail' : undefined)) };
    const first = await submitReferral(failing, fields(ref, email));
    expect(first.ok).toBe(true);
    const id = first.ok ? first.value.id : '';
    expect((await storedFor(email)).map((referral) => referral.id)).toEqual([id]);
    expect(sentFor(id)).toEqual([]);
    expect(await keysUnder(referrals(), `intake/${id}`)).toEqual([`intake/${id}`]);

    // Within the grace period the scheduler leaves it to its request; after it, it finishes the referral.
    await drainAt(1);
    expect(sentFor(id)).toEqual([]);
    await drainAt(3);
    expect(sentFor(id)).toEqual(allThree(id));
    expect(await keysUnder(referrals(), `intake/${id}`)).toEqual([]);
    await drainAt(6);
    expect(sentFor(id)).toEqual(allThree(id));
    expect(mailTo(services.api, email)).toHaveLength(1);
  });

  it('never stored the referral: nothing is recorded or sent, and its retry stores it and sends each email once', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const base = createDeps();
    const failing = { ...base, store: interfere(base.store, (method, collection, key) => (method === 'create' && collection === 'referrals' && key.startsWith('id/') ? 'fail' : undefined)) };
    expect(await submitReferral(failing, fields(ref, email))).toEqual({ ok: false, error: { code: 'unavailable' } });
    // Its intake mark names a referral that was not stored: the scheduler forgets it after ten minutes.
    const marks = await keysUnder(referrals(), 'intake/');
    await drainAt(3);
    await drainAt(11);
    expect(mailTo(services.api, email)).toEqual([]);
    expect((await keysUnder(referrals(), 'intake/')).filter((key) => marks.includes(key))).toEqual([]);

    const retry = await submitReferral(createDeps(), fields(ref, email));
    expect(retry.ok).toBe(true);
    const id = retry.ok ? retry.value.id : '';
    expect(sentFor(id)).toEqual(allThree(id));
    expect(mailTo(services.api, email)).toHaveLength(1);
  });

  it('is overtaken by its own retry while still writing, and the two make one referral', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const base = createDeps();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first request wins the claim, then stalls before writing anything else.
    let claimed = false;
    const slow = {
      ...base,
      store: interfere(base.store, (method, collection, key) => {
        if (method === 'create' && collection === 'referrals' && key.startsWith('submission/')) {
          claimed = true;
          return undefined;
        }
        return claimed && method !== 'get' && method !== 'list' ? gate : undefined;
      }),
    };
    const first = submitReferral(slow, fields(ref, email));
    await expect.poll(() => claimed).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const second = await submitReferral(createDeps(), fields(ref, email));
    release();
    const firstOutcome = await first;
    expect(second.ok && firstOutcome.ok && second.value.id === firstOutcome.value.id).toBe(true);
    const id = second.ok ? second.value.id : '';
    expect((await storedFor(email)).map((referral) => referral.id)).toEqual([id]);
    expect(sentFor(id)).toEqual(allThree(id));
    expect(mailTo(services.api, email)).toHaveLength(1);
  });
});

describe('a repeat that cannot reach storage', () => {
  // Before (main at f9932c7) it answered 503 "nothing was stored or sent", untrue: the first was stored.
  it('says it was sent already, not that nothing was stored', async () => {
    const ref = await linkFor(services.api, address('alice'));
    const email = address('bob');
    const first = await submitReferral(createDeps(), fields(ref, email));
    expect(first.ok).toBe(true);
    const base = createDeps();
    // A repeat writes again what the first wrote (each write leaves what is there alone): here the referral's fails.
    const failing = { ...base, store: interfere(base.store, (method, collection, key) => (method === 'create' && collection === 'referrals' && key.startsWith('id/') ? 'fail' : undefined)) };
    const again = await submitReferral(failing, fields(ref, email));
    expect(again).toEqual({ ok: false, error: { code: 'refused', message: expect.stringMatching(/already sent a moment ago/) } });
    expect((await storedFor(email)).length).toBe(1);
    expect(mailTo(services.api, email)).toHaveLength(1);
  });
});

describe('the same submission either side of midnight', () => {
  it('is one referral, and leaves no claim for a referral that never existed', async () => {
    const email = address('bob');
    const midnight = Math.ceil(Date.now() / DAY_MS) * DAY_MS;
    const at = (time: number) => ({ ...createDeps(), clock: { now: () => new Date(time) } });
    const { ref: _ref, ...body } = fields('', email);
    const before = await submitReferral(at(midnight - 60_000), body);
    const after = await submitReferral(at(midnight + 60_000), body);
    expect(before.ok && after.ok && after.value.id === before.value.id).toBe(true);
    // Only this test writes claims for tomorrow's day: the one after midnight was taken back.
    const claims = await keysUnder(referrals(), 'submission/jane-okafor/');
    expect(claims.filter((key) => key.endsWith(`/${dayOf(midnight)}`))).toEqual([]);
    expect(claims.filter((key) => key.endsWith(`/${dayOf(midnight) - 1}`)).length).toBeGreaterThan(0);
    expect((await storedFor(email)).length).toBe(1);
  });
});
