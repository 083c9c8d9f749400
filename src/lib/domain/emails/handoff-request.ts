// The question a referred person gets when their provider suggests a better-placed partner: may
// we pass your details on? Two clear choices, each opening the answer page with it first; nothing
// is shared unless they say yes. It goes to the address stored with their own referral.
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { paths } from '../routes.ts';
import { greetingName } from '../text.ts';
import { toReferee } from './recipients.ts';
import { message, noted, text } from './copy.ts';

export const wording = message(
  'To the person referred, when the provider suggests a better-placed partner: may we pass them on?',
  ['providerName', 'partnerName', 'partnerProfession', 'partnerHelpsBest'],
  {
    subject: text('{providerName} suggests {partnerName} for what you need'),
    preheader: text('May we pass your details on? Nothing is shared unless you say yes.'),
    intro: text(
      'Thank you for getting in touch with {providerName}. Having read what you need, they think {partnerName} ({partnerProfession}) is better placed to help you. Who {partnerName} helps best, in their own words: {partnerHelpsBest}',
    ),
    question: text(
      'May we pass your details and your message to {partnerName}? Nothing is shared unless you say yes. If you say no thanks, the referral closes and no one will contact you about it.',
    ),
    partnerPageLabel: noted("the link to the partner's own page", text('Read about {partnerName}')),
    yesLabel: noted('the two answers (each opens a page where one more press confirms it)', text('Yes, put me in touch with {partnerName}')),
    noLabel: text('No thanks'),
    footer: text('Sent by {siteName} for {providerName}.'),
  },
);

/** The hand-off question, to the referee's own address: the partner by name, profession and their own words, and their page. */
export function handoffRequestEmail(referral: Referral, provider: ProviderEntry, partner: ProviderEntry, respondPath: string): MessageDraft<'handoff-request'> {
  return {
    key: `${referral.id}-handoff-request`,
    ...toReferee(referral, provider),
    content: {
      template: 'handoff-request',
      ...optional('refereeFirstName', greetingName(referral.referee.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      partnerName: partner.name,
      partnerProfession: partner.profession,
      partnerHelpsBest: partner.helpsBest,
      partnerPath: paths.provider(partner.slug),
      respondPath,
    },
  };
}

const compose: Compose<ContentOf<'handoff-request'>, typeof wording> = (content, write) => {
  const say = write.speak({
    providerName: content.providerName,
    partnerName: content.partnerName,
    partnerProfession: content.partnerProfession,
    partnerHelpsBest: content.partnerHelpsBest,
  });
  return {
    subject: say('subject'),
    preheader: say('preheader'),
    blocks: [
      write.greeting(content.refereeFirstName),
      { kind: 'p', text: say('intro') },
      ...(content.partnerPath ? [{ kind: 'links' as const, items: [[say('partnerPageLabel'), write.url(content.partnerPath)]] as [string, string][] }] : []),
      { kind: 'p', text: say('question') },
      // Two clear choices; each opens the answer page with it first, where one more press confirms (mail scanners open links).
      { kind: 'button', label: say('yesLabel'), href: write.url(`${content.respondPath}?answer=accept-handoff`) },
      { kind: 'links', items: [[say('noLabel'), write.url(`${content.respondPath}?answer=refuse-handoff`)]] },
    ],
    footer: [say('footer'), write.privacy],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The hand-off question: its wording, builder and composition. */
export const handoffRequest = { wording, build: handoffRequestEmail, compose };
