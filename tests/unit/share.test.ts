import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shareLinks, shareMessage, shareSubject, withLink } from '../../src/lib/domain/share.ts';

const link = 'https://referrals.example.com/r/AbCdEfGhIjKlMnOpQr_-12';
const draft = {
  providerName: 'Jane Okafor',
  helpsBest: 'People in their 40s to 60s who want a plan for retirement.',
  link,
};

/** The text a link carries in its query parameter, as the app it opens reads it. */
const param = (url: string, name: string) => {
  const query = url.slice(url.indexOf('?') + 1);
  for (const pair of query.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === name) return decodeURIComponent(value);
  }
  return undefined;
};

describe('the ready-made message', () => {
  const message = shareMessage(draft);

  it('is conditional and leaves the decision to the friend', () => {
    expect(message).toMatch(/^I'm not sure you'll get the same out of it, but Jane Okafor really helped me/);
    expect(message).toContain('If that sounds like you');
    expect(message).toContain('No pressure either way');
  });

  it("quotes the provider's own words on who they help best", () => {
    expect(message).toContain(`Who Jane helps best, in Jane's own words: "${draft.helpsBest}"`);
  });

  it('ends with the personal link on a line of its own', () => {
    expect(message.split('\n').at(-1)).toBe(link);
  });

  it('says nothing that pushes: no urgency, no rewards, no asking for contacts', () => {
    expect(message).not.toMatch(/\b(now|today|hurry|must|reward|bonus|discount|free|contacts|everyone you know)\b/i);
  });
});

describe('the links to send it', () => {
  it('carry the message exactly, line breaks and all, in email, SMS and WhatsApp', () => {
    const message = shareMessage(draft);
    const links = shareLinks({ message, subject: shareSubject(draft.providerName), link });
    expect(links.email.startsWith('mailto:?')).toBe(true);
    expect(param(links.email, 'subject')).toBe("Jane Okafor, in case it's useful");
    expect(param(links.email, 'body')).toBe(message.replace(/\n/g, '\r\n'));
    expect(links.sms.startsWith('sms:?')).toBe(true);
    expect(param(links.sms, 'body')).toBe(message);
    expect(links.whatsapp.startsWith('https://wa.me/?text=')).toBe(true);
    expect(param(links.whatsapp, 'text')).toBe(message);
  });

  it('give LinkedIn the link alone', () => {
    const links = shareLinks({ message: 'Anything', subject: 'Hello', link });
    expect(links.linkedin).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(link)}`);
    expect(param(links.linkedin, 'url')).toBe(link);
  });

  it('put the link back at the end when an edit took it out', () => {
    const links = shareLinks({ message: 'You should meet Jane.', subject: 'Jane', link });
    expect(param(links.whatsapp, 'text')).toBe(`You should meet Jane.\n\n${link}`);
    expect(withLink('   ', link)).toBe(link);
    expect(withLink(`Here: ${link} (Jane)`, link)).toBe(`Here: ${link} (Jane)`);
  });

  it('survive any text a person may type: every character arrives as typed, nothing breaks out of its parameter', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ maxLength: 60 }), (typed, subject) => {
        const links = shareLinks({ message: `${typed} ${link}`, subject, link });
        const sent = withLink(`${typed} ${link}`, link);
        expect(param(links.whatsapp, 'text')).toBe(sent);
        expect(param(links.sms, 'body')).toBe(sent);
        expect(param(links.email, 'subject')).toBe(subject);
        expect(param(links.email, 'body')).toBe(sent.replace(/\r?\n/g, '\r\n'));
        for (const url of Object.values(links)) expect(url).not.toMatch(/[\s<>"#]/);
      }),
    );
  });
});
