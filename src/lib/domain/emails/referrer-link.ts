// The email that gives a referrer their personal link: it goes only to the address they asked
// with (owning that inbox is the verification), greets them only by a first name fit to repeat,
// and leads to their share page and, with a signing secret, to their own page.
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referrer } from '../referral.ts';
import { paths, referrerForgetPath, referrerPagePath, type Signing } from '../routes.ts';
import { greetingName } from '../text.ts';
import { toReferrer } from './recipients.ts';
import { message, noted, text } from './copy.ts';

export const wording = message('To a referrer who asked for their personal link: the link, their share page and their own page.', ['providerName'], {
  subject: text('Your personal link to recommend {providerName}'),
  preheader: text('Share it with someone {providerName} could help.'),
  intro: text(
    "Here is your personal link for {providerName}. When someone opens it, they'll see that you suggested it, and when they get in touch we'll thank you straight away.",
  ),
  linkLabel: text('Your personal link'),
  sharePage: noted(
    'when the share page exists',
    text('If it helps, your share page has a message ready to send by email, text or WhatsApp (change it as you like), and a QR code to show or print.'),
  ),
  sharePageLabel: text('Your share page'),
  onlyIfItHelps: text(
    'Share it only with people you think it could genuinely help. No one is paid for referrals, and nobody will ever ask for your contacts.',
  ),
  private: text("What they tell {providerName} stays between them: you'll only hear that they got in touch."),
  ownPage: noted(
    'when the referrer has their own page (a signing secret is set)',
    text(
      'Your own page shows how the people you referred are getting on (no details, just where things stand), and lets you introduce someone directly if they already expect to hear from {providerName}. Keep this one to yourself:',
    ),
  ),
  ownPageLabel: text('Your referrals and introductions'),
  footer: text("You asked for this link on {siteName}. If it wasn't you, ignore this email: nothing else will be sent."),
});

/** The link email `key` (one per address, provider and day), to the address the referrer gave. */
export function referrerLinkEmail(deps: Signing, key: string, referrer: Referrer, provider: ProviderEntry): MessageDraft<'referrer-link'> {
  return {
    key,
    ...toReferrer(referrer, provider),
    content: {
      template: 'referrer-link',
      ...optional('referrerFirstName', greetingName(referrer.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      linkPath: paths.personalLink(referrer.code),
      sharePath: paths.sharePage(referrer.code),
      ...optional('pagePath', referrerPagePath(deps, referrer.code)),
      ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
    },
  };
}

const compose: Compose<ContentOf<'referrer-link'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName });
  return {
    subject: say('subject'),
    preheader: say('preheader'),
    blocks: [
      write.greeting(content.referrerFirstName),
      { kind: 'p', text: say('intro') },
      { kind: 'button', label: say('linkLabel'), href: write.url(content.linkPath) },
      ...(content.sharePath
        ? [
            { kind: 'p' as const, text: say('sharePage') },
            { kind: 'link' as const, label: say('sharePageLabel'), href: write.url(content.sharePath) },
          ]
        : []),
      { kind: 'p', text: say('onlyIfItHelps') },
      { kind: 'p', text: say('private') },
      ...(content.pagePath
        ? [
            { kind: 'p' as const, text: say('ownPage') },
            { kind: 'link' as const, label: say('ownPageLabel'), href: write.url(content.pagePath) },
          ]
        : []),
    ],
    footer: [say('footer'), ...write.forget(content.forgetPath), write.privacy],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The personal-link email: its wording, builder and composition. */
export const referrerLink = { wording, build: referrerLinkEmail, compose };
