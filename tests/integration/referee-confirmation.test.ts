// The referee's confirmation as a real run sends it: a provider with a booking page (`bookingUrl`
// in their file) is offered as its one button, in the HTML and the text part, and a provider with a
// photo shows it beside their name (their initials otherwise).
import { describe, expect, it } from 'vitest';
import { contentDirectory } from '../../src/lib/content/index.ts';
import { ORIGIN, postReferral } from '../support/handlers.ts';
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
    const jane = contentDirectory().get('jane-okafor')!;
    expect(jane.bookingUrl).toMatch(/^https:\/\//);
    const mail = await referTo('jane-okafor');
    const href = jane.bookingUrl!.replace(/&/g, '&amp;');
    expect(mail.body.html).toMatch(new RegExp(`<a[^>]*href="${href.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}"[^>]*>[\\s\\S]*?Book a time with Jane Okafor`));
    expect(mail.body.text).toContain(`Book a time with Jane Okafor:\n${jane.bookingUrl}`);
  });

  it('says nothing of booking when the provider has no booking page', async () => {
    const marcus = contentDirectory().get('marcus-lee')!;
    expect(marcus.bookingUrl).toBeUndefined();
    const mail = await referTo('marcus-lee');
    expect(mail.body.html).not.toContain('Book a time');
    expect(mail.body.text).not.toMatch(/book/i);
  });

  it("shows the provider's photo beside their name, and their initials when they have none", async () => {
    const jane = contentDirectory().get('jane-okafor')!;
    expect(jane.photo?.src).toMatch(/\.jpe?g$/);
    const withPhoto = await referTo('jane-okafor');
    expect(withPhoto.body.html).toMatch(new RegExp(`<img[^>]*src="${ORIGIN}${jane.photo!.src}"[^>]*width="40"`));
    expect(withPhoto.body.html).not.toContain('>JO<');
    const withoutPhoto = await referTo('marcus-lee');
    expect(withoutPhoto.body.html).not.toContain('/photos/');
    expect(withoutPhoto.body.html).toContain('>ML<');
  });
});
