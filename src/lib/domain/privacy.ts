import type { SiteSettings } from './provider.ts';

/** One part of the privacy notice: a heading and its paragraphs. */
export type NoticeSection = { id: string; heading: string; paragraphs: string[] };

/** Who sees what, one row per kind of detail: [the detail, who sees it]. */
export type NoticeRow = [string, string];

/** The privacy notice, written from the site settings so that it says what this site really does. */
export function privacyNotice(site: SiteSettings): { sections: NoticeSection[]; whoSees: NoticeRow[] } {
  const { unprogressedDays, allDays } = site.retention;
  const write = `write to ${site.privacyContact}`;
  return {
    sections: [
      {
        id: 'referrers',
        heading: 'If you ask for a personal link',
        paragraphs: [
          'We keep your name, your email address, which professional the link is for, and the code at the end of your link.',
          'Why: to send you the link (which also proves the address is yours), to thank you when someone uses it, and to send you short notes when a referral moves on.',
          `How long: until you ask us to erase them. Every email we send you ends with a link that does it at once; or ${write}.`,
        ],
      },
      {
        id: 'referees',
        heading: 'If you get in touch through this site, or someone introduces you',
        paragraphs: [
          'We keep what you typed in the form (your name, email, phone if you gave it, your message and your choices), or, if someone introduced you, your name and email address and the few words they wrote about why. We also keep where the referral stands: contacted, a first meeting, working together, or that it did not go ahead, and why by category only.',
          'Why: so that the professional can reply to you, and so that the person who referred you can be thanked and told, in a fixed phrase, how it went.',
          `How long: if the professional never got in touch (or it was handed on, or did not go ahead), your details are erased ${unprogressedDays} days after the referral was made. Whatever happens, they are erased after ${allDays} days. A job runs every day to do it. What is left is anonymous: that a referral happened, when, and how far it went, for the professional's counts.`,
        ],
      },
      {
        id: 'emails',
        heading: 'Emails',
        paragraphs: [
          'We keep a record of every email we send (who it went to and what it said) so that it is sent exactly once even when something fails. These records are erased with the details they hold.',
          'We send emails through Resend, an email service that processes them on our behalf and keeps its own delivery logs for a limited time. We never sell or share addresses.',
          "If an email to you bounces or you mark it as spam, we stop writing to that address. To honour that, we keep a one-way fingerprint of the address (not the address itself) with the reason and the date, even after an erasure; otherwise we might write to you again.",
        ],
      },
      {
        id: 'erase',
        heading: 'How to have your details erased',
        paragraphs: [
          'If someone referred you, or you got in touch: every email we send you has a link to withdraw and have your details erased. If you referred someone: every email we send you has a link to erase your name and address; the people you referred keep their own referrals, no longer linked to you.',
          `Or ${write}, also to ask what we hold about you. Erasure removes your details from every record we keep: referrals, email records and the local copies of emails. What a professional has already received by email stays in their own inbox; ask them directly if you want it gone there too.`,
        ],
      },
    ],
    whoSees: [
      ['Your name, email, phone and message, if you were referred', 'The professional you wrote to, and a partner they suggest only if you say yes. Never the person who referred you.'],
      ['Your first name, if you were referred', 'The person who referred you, only if you ticked the box that allows it.'],
      ['How the referral is going', 'The person who referred you, as a fixed phrase ("In touch", "Working together", "Didn\'t go ahead"); never what was said.'],
      ["A referrer's name", 'The professional, so that they can thank you; the people you refer or introduce see your first name, if it reads as a name, and never what you wrote about them.'],
      ["A referrer's email address", 'Nobody but us: not the professional, not the people you refer.'],
    ],
  };
}
