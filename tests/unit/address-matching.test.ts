// Two spellings of one inbox are one person for the self-referral and duplicate rules (and
// for who said no to introductions), but mail always goes to the address as typed.
//
// What failed before the fix (main at f9932c7): addresses were compared by lower case only,
// so `owner+tag@…` and, at Gmail, `o.w.n.e.r@gmail.com` passed as someone else: a self-referral
// earned its owner a thank-you, and the same submission with a tag became a second referral.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import type { Referral, Referrer } from '../../src/lib/domain/referral.ts';
import { inboxOf } from '../../src/lib/domain/addresses.ts';
import { submitReferral } from '../../src/lib/domain/use-cases/submit-referral.ts';
import { directoryOf, fixedIds, provider, site, TEST_SECRET } from '../fixtures/domain.ts';
import { createMemoryStore } from '../support/memory-store.ts';
import { createRecordingMailer } from '../support/recording-mailer.ts';
import { noWebhooks } from '../support/no-webhooks.ts';

const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/);
const tag = fc.stringMatching(/^[a-z0-9._-]{0,10}$/);
/** A tag the forms accept in an address. */
const formTag = fc.stringMatching(/^([a-z0-9][a-z0-9_-]{0,9})?$/);
const domain = fc.constantFrom('example.org', 'mail.example.net', 'gmail.com', 'googlemail.com', 'fastmail.com');

/** Scatters dots into a local part, as Gmail ignores them. */
const dotted = (local: string, cuts: number[]) => {
  let out = local;
  for (const cut of cuts.sort((a, b) => b - a)) out = `${out.slice(0, cut % (out.length + 1))}.${out.slice(cut % (out.length + 1))}`;
  return out.replace(/^\.+|\.+$/g, '').replace(/\.{2,}/g, '.');
};

const upperSome = (s: string, mask: boolean[]) => [...s].map((c, i) => (mask[i % Math.max(1, mask.length)] ? c.toUpperCase() : c)).join('');

describe('inboxOf', () => {
  it('ignores case and a +tag at any domain', () => {
    fc.assert(
      fc.property(localPart, tag, domain, fc.array(fc.boolean(), { minLength: 1 }), (local, t, d, mask) => {
        expect(inboxOf(upperSome(`${local}+${t}@${d}`, mask))).toBe(inboxOf(`${local}@${d}`));
      }),
    );
  });

  it('ignores dots at Gmail, and treats googlemail.com as gmail.com', () => {
    fc.assert(
      fc.property(localPart, fc.array(fc.nat(), { maxLength: 4 }), tag, (local, cuts, t) => {
        const plain = `${local}@gmail.com`;
        expect(inboxOf(`${dotted(local, cuts)}@gmail.com`)).toBe(inboxOf(plain));
        expect(inboxOf(`${dotted(local, cuts)}+${t}@googlemail.com`)).toBe(inboxOf(plain));
      }),
    );
  });

  it('keeps dots elsewhere, and keeps different people apart', () => {
    expect(inboxOf('a.b@example.org')).not.toBe(inboxOf('ab@example.org'));
    fc.assert(
      fc.property(localPart, localPart, domain, (a, b, d) => {
        fc.pre(a.replace(/\./g, '') !== b.replace(/\./g, ''));
        expect(inboxOf(`${a}@${d}`)).not.toBe(inboxOf(`${b}@${d}`));
      }),
    );
  });
});

describe('the self-referral and duplicate rules', () => {
  const CODE = 'AbCdEfGhIjKlMnOpQr_-12';
  const now = new Date('2030-03-04T09:30:00.000Z');

  async function setup() {
    const store = createMemoryStore();
    const mailer = createRecordingMailer();
    let n = 0;
    const deps = {
      store,
      mailer,
      webhooks: noWebhooks,
      render: (c: { template: string }) => ({ from: 'x@example.com', subject: c.template, text: 't', html: '<p>h</p>' }),
      clock: { now: () => now },
      ids: fixedIds({ referralId: () => `0lxyz0000${++n}a2b3c4d5e6f7a8b9c0`, digest: (v: string) => `d-${v}` }),
      tokens: createTokens(TEST_SECRET),
      directory: directoryOf(provider()),
      retention: site.retention,
    };
    const owner: Referrer = { code: CODE, provider: 'jane-okafor', name: 'Olivia Owner', email: 'olivia.owner@gmail.com', createdAt: now.toISOString() };
    await store.put('referrers', `code/${CODE}`, owner);
    return { store, mailer, deps };
  }

  it('see a link’s owner behind a +tag or Gmail dots: recorded, no thank-you, and mail goes to the address as typed', async () => {
    await fc.assert(
      fc.asyncProperty(formTag, fc.array(fc.nat(), { maxLength: 3 }), fc.boolean(), async (t, cuts, upper) => {
        const { store, mailer, deps } = await setup();
        const typed = `${dotted('oliviaowner', cuts)}${t ? `+${t}` : ''}@${upper ? 'GMail.com' : 'gmail.com'}`;
        const outcome = await submitReferral(deps, { provider: 'jane-okafor', ref: CODE, name: 'Olivia Owner', email: typed, message: 'Me again.', consent: true });
        expect(outcome.ok).toBe(true);
        const id = outcome.ok ? outcome.value.id : '';
        expect(store.peek<Referral>('referrals', `id/${id}`)).toMatchObject({ selfReferral: true, thankReferrer: false, referee: { email: typed } });
        expect(mailer.calls.map((c) => c.idempotencyKey)).not.toContain(`${id}-referrer-thanks`);
        expect(mailer.calls.find((c) => c.idempotencyKey === `${id}-referee-confirmation`)!.email.to).toEqual([typed]);
      }),
      { numRuns: 40 },
    );
  });

  it('take the same submission with a +tag or Gmail dots as a repeat of the first', async () => {
    const { deps } = await setup();
    const body = { provider: 'jane-okafor', name: 'Bob Stone', message: 'Pensions.', consent: true };
    const first = await submitReferral(deps, { ...body, email: 'bob.stone@gmail.com' });
    const again = await submitReferral(deps, { ...body, email: 'BobStone+retry@googlemail.com' });
    expect(first.ok && again.ok && again.value.id === first.value.id).toBe(true);
  });
});
