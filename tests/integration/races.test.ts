// Races against the real Blobs server: an erasure and a milestone at the same moment, the
// thank-you cap of a link hit by many referrals at once, and the caps on introductions.
//
// What failed before the fixes (main at f9932c7):
// - erase/milestone pairs: records were written with a plain put after an earlier read, so a
//   milestone written after the erasure brought back the referee's name, email and message
//   (stage "contacted", no erasedAt) beside an erased/<id> marker.
// - the thank-you cap was decided from a count read before the write: 20 referrals at once
//   through one link gave 20 thank-yous, 100 gave far more than 10.
// - introductions had no cap at all (12 of 12 answered 201 and were mailed), a person who had
//   declined could be introduced again at once, and two referrers could each mail one address
//   on the same day.
import { getStore } from '@netlify/blobs';
import { describe, expect, it } from 'vitest';
import type { Referral } from '../../src/lib/domain/referral.ts';
import { THANKS_PER_LINK_PER_DAY } from '../../src/lib/domain/referral-intake.ts';
import { getSite } from '../../src/lib/content/site.ts';
import { postAction, postAnswer, postIntroduction, postReferral, postReferrer } from '../support/handlers.ts';
import { address, localServices, mailTo, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
signedLinks();

const referrals = () => getStore({ name: 'vouch-referrals', consistency: 'strong' });
const record = async (id: string) => (await referrals().get(`id/${id}`, { type: 'json' })) as Referral | null;

/** A referrer's personal link code and page key, from the link email. */
async function referrer(name = 'Amara Obi') {
  const email = address('referrer');
  expect((await postReferrer({ provider: 'jane-okafor', name, email })).status).toBe(202);
  const mail = mailTo(services.api, email)[0]!;
  return { email, code: tokenIn(mail, 'r'), key: tokenIn(mail, 'me') };
}

describe('an erasure and a milestone at the same moment', () => {
  it('50 pairs leave no personal data in any blob, and every erased marker beside an erased referral', async () => {
    const { code } = await referrer();
    const people = Array.from({ length: 50 }, (_, i) => ({
      name: `Quillon Zarathustra${i}x`,
      email: address(`racer${i}`),
      message: `Secret pension worry number ${i} marker-${i}-zq`,
    }));
    const stories = await Promise.all(
      people.map(async (person) => {
        const res = await postReferral({ provider: 'jane-okafor', ref: code, ...person, consent: true, shareFirstName: true });
        expect(res.status).toBe(201);
        const { id } = (await res.json()) as { id: string };
        const alert = services.api.sent.find((m) => m.idempotencyKey === `${id}-provider-alert`)!;
        const confirmation = services.api.sent.find((m) => m.idempotencyKey === `${id}-referee-confirmation`)!;
        return { id, act: tokenIn(alert, 'act'), respond: tokenIn(confirmation, 'respond') };
      }),
    );

    const answers = await Promise.all(
      stories.flatMap((story) => [postAnswer({ token: story.respond, answer: 'decline' }), postAction({ token: story.act, action: 'contacted' })]),
    );
    for (const answer of answers) expect([200, 409]).toContain(answer.status);

    const blobs = await services.blobs.dump();
    for (const person of people) {
      for (const blob of blobs) {
        expect(blob).not.toContain(person.email);
        expect(blob).not.toContain(person.name);
        expect(blob).not.toContain(person.message);
      }
    }
    const erased = (await referrals().list({ prefix: 'erased/' })).blobs.map((b) => b.key.slice('erased/'.length));
    for (const { id } of stories) {
      expect(erased).toContain(id);
      expect((await record(id))?.erasedAt, `referral ${id}`).toBeTruthy();
    }
  });
});

describe('the thank-you cap of one personal link', () => {
  for (const count of [20, 100]) {
    it(`${count} referrals at once through one link thank its owner ${THANKS_PER_LINK_PER_DAY} times, and all are recorded`, async () => {
      const owner = await referrer();
      const responses = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          postReferral({ provider: 'jane-okafor', ref: owner.code, name: 'Bob Stone', email: address(`burst${i}`), message: `Pensions ${i}`, consent: true }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(count).fill(201));
      const thanks = mailTo(services.api, owner.email).filter((m) => /^Thank you/.test(m.body.subject));
      expect(thanks).toHaveLength(THANKS_PER_LINK_PER_DAY);
      const byLink = (await referrals().list({ prefix: `referrer/${owner.code}/` })).blobs;
      expect(byLink).toHaveLength(count);
      // The records say the same: those whose slot went to others first are not marked thanked.
      const stored = await Promise.all(byLink.map(({ key }) => record(key.slice(key.lastIndexOf('/') + 1).replace(/^\d+-/, ''))));
      expect(stored.filter((referral) => referral?.thankReferrer)).toHaveLength(THANKS_PER_LINK_PER_DAY);
    });
  }
});

describe('introductions', () => {
  const cap = getSite().introductionsPerDay;
  const introduce = (key: string, email = address('introduced'), name = 'Ines Varga') =>
    postIntroduction({ key, name, email, context: 'She is selling her bakery and asked me who helped with mine.', expected: true });
  const notices = (email: string) => mailTo(services.api, email).filter((m) => /introduced you to/.test(m.body.subject));

  it(`12 in a row from one key reach at most ${cap}; the rest are refused with a sentence`, async () => {
    const { key } = await referrer();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await introduce(key);
      statuses.push(res.status);
      if (res.status !== 201) expect((await res.json()).error.message).toMatch(/at most \d+ people a day/);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(cap);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - cap);
  });

  it(`12 at once from one key reach at most ${cap}`, async () => {
    const { key } = await referrer();
    const people = Array.from({ length: 12 }, (_, i) => address(`at-once${i}`));
    const responses = await Promise.all(people.map((email) => introduce(key, email)));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(cap);
    expect(responses.every((r) => r.status === 201 || r.status === 429)).toBe(true);
    expect(people.flatMap(notices)).toHaveLength(cap);
  });

  it('never introduces again someone who declined', async () => {
    const first = await referrer();
    const person = address('decliner');
    const res = await introduce(first.key, person);
    expect(res.status).toBe(201);
    const respond = tokenIn(notices(person)[0]!, 'respond');
    expect((await postAnswer({ token: respond, answer: 'decline' })).status).toBe(200);
    // Another referrer, and the same address spelt differently.
    const second = await referrer('Kofi Mensah');
    const again = await introduce(second.key, person.toUpperCase().replace('@', '+again@'));
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/can't pass on this introduction/);
    expect(notices(person)).toHaveLength(1);
    for (const blob of await services.blobs.dump()) expect(blob).not.toContain(person);
  });

  it('mails one address at most one introduction notice a day, whoever introduces it', async () => {
    const [a, b] = await Promise.all([referrer(), referrer('Kofi Mensah')]);
    const person = address('popular');
    const [first, second] = await Promise.all([introduce(a.key, person), introduce(b.key, person, 'Ines V')]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect(notices(person)).toHaveLength(1);
  });
});
