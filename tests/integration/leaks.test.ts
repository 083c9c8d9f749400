// The whole lifecycle through the functions, then every email the local Resend server received,
// read by who got it: nothing of a referee (address, phone, surname, message) ever reaches the
// referrer, the referrer's address never reaches a referee, and each of them can erase.
import { describe, expect, it } from 'vitest';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { remindProviders } from '../../src/lib/domain/use-cases/remind-providers.ts';
import { ORIGIN, postAction, postAnswer, postIntroduction, postReferral, postReferrer } from '../support/handlers.ts';
import { address, localServices, mailTo as mailToAddress, recipients, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();

signedLinks();

type Referee = { name: string; email: string; phone?: string; message: string };

const mailTo = (addr: string) => mailToAddress(services.api, addr);
const alertAbout = (referee: Referee, provider = 'jane@example.com') =>
  services.api.sent.find((m) => recipients(m).includes(provider) && m.body.text!.includes(referee.email))!;
const person = (name: string, message: string, phone?: string): Referee => ({ name, email: address('referee'), message, ...(phone ? { phone } : {}) });

describe('who sees what, over a whole lifecycle', () => {
  it('never shows a referrer anything of a referee but a first name, nor a referee the referrer’s address', async () => {
    const referrer = address('referrer');
    expect((await postReferrer({ provider: 'jane-okafor', name: 'Amara Obi', email: referrer })).status).toBe(202);
    const linkMail = mailTo(referrer)[0]!;
    const code = tokenIn(linkMail, 'r');
    const key = tokenIn(linkMail, 'me');
    const recommend = async (referee: Referee, shareFirstName = true) => {
      const res = await postReferral({ provider: 'jane-okafor', ref: code, ...referee, consent: true, shareFirstName });
      expect(res.status).toBe(201);
      return tokenIn(alertAbout(referee), 'act');
    };

    // Recommended, then contacted, met, working together.
    const quentin = person('Quentin Zabriskie', 'My pension statement confuses me.', '+44 7700 900111');
    const act = await recommend(quentin);
    for (const action of ['contacted', 'met', 'working'] as const) expect((await postAction({ token: act, action })).status).toBe(200);

    // Introduced by the referrer, then declined by the person introduced.
    const ines = person('Ines Varga', 'Ines is selling her bakery and asked who helped with mine.');
    expect((await postIntroduction({ key, name: ines.name, email: ines.email, context: ines.message, expected: true })).status).toBe(201);
    expect((await postAnswer({ token: tokenIn(mailTo(ines.email)[0]!, 'respond'), answer: 'decline' })).status).toBe(200);

    // Handed on to a partner with consent; the partner gets in touch.
    const persephone = person('Persephone Mallory', 'I inherited a flat and need tax advice.', '+44 7700 900222');
    const handAct = await recommend(persephone, false);
    expect((await postAction({ token: handAct, action: 'hand-on', partner: 'marcus-lee' })).status).toBe(200);
    const ask = mailTo(persephone.email).find((m) => /suggests Marcus Lee/.test(m.body.subject))!;
    expect((await postAnswer({ token: tokenIn(ask, 'respond'), answer: 'accept-handoff' })).status).toBe(200);
    expect((await postAction({ token: tokenIn(alertAbout(persephone, 'marcus@example.com'), 'act'), action: 'contacted' })).status).toBe(200);

    // Didn't go ahead, by category; and one nobody answered, with its reminder and escalation.
    const declined = person('Rupert Thistlewood', 'Looking to consolidate old pensions.');
    expect((await postAction({ token: await recommend(declined), action: 'declined', reason: 'timing' })).status).toBe(200);
    const waiting = person('Wanda Okonkwo-Smythe', 'Can you review my ISA?', '+44 7700 900333');
    await recommend(waiting);
    const base = createDeps();
    for (const hours of [25, 50]) await remindProviders({ ...base, clock: { now: () => new Date(Date.now() + hours * 3_600_000) } });

    const referees = [quentin, ines, persephone, declined, waiting];
    const toReferrer = mailTo(referrer);
    expect(toReferrer.length).toBeGreaterThanOrEqual(10);
    for (const mail of toReferrer) {
      const all = JSON.stringify(mail.body);
      for (const r of referees) {
        for (const secret of [r.email, r.phone, r.name.split(' ').slice(1).join(' '), r.message].filter(Boolean) as string[]) {
          expect(all, `"${mail.body.subject}" to the referrer`).not.toContain(secret);
        }
      }
      expect(all).toContain(`${ORIGIN}/forget/`);
    }
    for (const r of referees) {
      const toReferee = mailTo(r.email);
      expect(toReferee.length).toBeGreaterThan(0);
      for (const mail of toReferee) {
        expect(JSON.stringify(mail.body), `"${mail.body.subject}" to ${r.name}`).not.toContain(referrer);
        // Every email to a referee leads to where they can withdraw and have their details erased.
        expect(mail.body.text).toContain(`${ORIGIN}/respond/`);
      }
    }
    // Reminders reached the provider: the walk covered them.
    expect(services.api.sent.some((m) => m.body.subject.startsWith('Still waiting'))).toBe(true);
  });
});
