// How a referrer passes their link on. The wording puts no pressure on anyone: it says
// the friend may not get the same out of it, quotes the provider's own "who I help best", and
// leaves the decision to them. This module imports nothing (its paths are in routes.ts), so that the share page's script
// can build the same links in the browser from the message as the person edits it.

/** What the ready-made message is built from: the provider's own words and the link, nothing about the referrer. */
export type ShareDraft = { providerName: string; helpsBest: string; link: string };

/** The ways the share page offers to send a message. */
export type ShareChannel = 'email' | 'sms' | 'whatsapp' | 'linkedin';

const firstWord = (name: string): string => name.trim().split(/\s+/u)[0] ?? name;

/** The ready-made message a referrer can edit before sending: conditional, honest, and ending with the link. */
export function shareMessage({ providerName, helpsBest, link }: ShareDraft): string {
  const first = firstWord(providerName);
  return [
    `I'm not sure you'll get the same out of it, but ${providerName} really helped me, and I thought of you.`,
    `Who ${first} helps best, in ${first}'s own words: "${helpsBest.trim()}"`,
    `If that sounds like you, this is ${first}'s page. No pressure either way: it's entirely up to you whether you get in touch.`,
    link,
  ].join('\n\n');
}

/** The subject of the ready-made email. */
export const shareSubject = (providerName: string): string => `${providerName}, in case it's useful`;

/** The message as it will be sent: as edited, with the link added at the end if the edit took it out. */
export function withLink(message: string, link: string): string {
  const text = message.trim();
  if (text === '') return link;
  return text.includes(link) ? text : `${text}\n\n${link}`;
}

/** Links that open each way of sending with the message filled in, ready to be changed again there. */
export function shareLinks(input: { message: string; subject: string; link: string }): Record<ShareChannel, string> {
  const text = withLink(input.message, input.link);
  const encode = encodeURIComponent;
  return {
    // RFC 6068: line breaks in a mailto body are CRLF.
    email: `mailto:?subject=${encode(input.subject)}&body=${encode(text.replace(/\r?\n/g, '\r\n'))}`,
    // "?&body=" is the form both iOS and Android read when no number is given.
    sms: `sms:?&body=${encode(text)}`,
    whatsapp: `https://wa.me/?text=${encode(text)}`,
    // LinkedIn takes only the address; the person writes their post there.
    linkedin: `https://www.linkedin.com/sharing/share-offsite/?url=${encode(input.link)}`,
  };
}
