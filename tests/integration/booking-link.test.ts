// A provider with a booking page (`bookingUrl` in their file) is offered in the referee's
// confirmation as its one button, in the HTML and the text part; a provider without one is not.
import { describe, expect, it } from 'vitest';
import { getContent } from '../../src/lib/content/index.ts';
import { postReferral } from '../support/handlers.ts';
import { address, localServices, mailTo } from '../support/services.ts';

const services = localServices();

const referTo = async (provider: string) => {
  const email = address('booker');
  const res = await postReferral({ provider, name: 'Bea Booker', email, message: 'I would like to talk about my pension.', consent: true });
  expect(res.status).toBe(201);
  const [confirmation, ...more] = mailTo(services.api, email);
  expect(more).toEqual([]);
  return confirmation!;
};

describe("the referee's confirmation", () => {
  it("offers the provider's booking page, as a button and as a labelled link in the text", async () => {
    const jane = getContent().providers.find((p) => p.slug === 'jane-okafor')!;
    expect(jane.bookingUrl).toMatch(/^https:\/\//);
    const mail = await referTo('jane-okafor');
    const href = jane.bookingUrl!.replace(/&/g, '&amp;');
    expect(mail.body.html).toMatch(new RegExp(`<a[^>]*href="${href.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}"[^>]*>[\\s\\S]*?Book a time with Jane Okafor`));
    expect(mail.body.text).toContain(`Book a time with Jane Okafor:\n${jane.bookingUrl}`);
  });

  it('says nothing of booking when the provider has no booking page', async () => {
    const marcus = getContent().providers.find((p) => p.slug === 'marcus-lee')!;
    expect(marcus.bookingUrl).toBeUndefined();
    const mail = await referTo('marcus-lee');
    expect(mail.body.html).not.toContain('Book a time');
    expect(mail.body.text).not.toMatch(/book/i);
  });
});
