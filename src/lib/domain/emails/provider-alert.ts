// The alert a provider gets at once for a new referral: everything needed to reply (the person's
// name, address and phone as links, their message, the reply-by time in the provider's own time
// zone), who to thank, and the milestone buttons. It goes to every notification address in the
// provider's content file; a reply reaches the referee (Reply-To).
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry, Directory } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { actionsPath, type Tokens } from '../routes.ts';
import { originOf } from '../stages.ts';
import { respondByOf, type Clock } from '../time.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { message, noted, phrase, text } from './copy.ts';

export const wording = message(
  'To the provider: a new referral, with everything needed to reply.',
  ['refereeName', 'referralId', 'responseTime', 'respondBy'],
  {
    subject: noted(
      "subject and intro: someone who found the provider's page; ...Recommended: through a referrer's link; ...Introduction: introduced by a referrer; ...HandedOn: passed on by another provider",
      text('New referral: {refereeName}'),
    ),
    subjectRecommended: text('New referral: {refereeName}, recommended by {referrerName}', 'referrerName'),
    subjectIntroduction: text('New introduction: {refereeName}, introduced by {referrerName}', 'referrerName'),
    subjectHandedOn: text('Handed on to you by {handedOnBy}: {refereeName}', 'handedOnBy'),
    preheader: text('Please reply within {responseTime}.'),
    intro: text('{refereeName} would like to hear from you.'),
    introRecommended: text('{refereeName} would like to hear from you. {referrerName} recommended you.', 'referrerName'),
    introIntroduction: text(
      '{referrerName} has introduced {refereeName}, who knows and expects to hear from you. We have told them so, and that they can decline.',
      'referrerName',
    ),
    introHandedOn: text('{handedOnBy} thought you were better placed to help {refereeName}, who agreed to be passed on to you.', 'handedOnBy'),
    referrerUnnamed: noted('the introducer, when their name was erased', phrase('a client')),
    referrerUnnamedAtStart: phrase('A client'),
    facts: noted('labels of the table of contact details', {
      name: text('Name'),
      email: text('Email'),
      phone: text('Phone'),
      referredBy: text('Referred by'),
      kind: text('Kind'),
      replyBy: text('Reply by'),
    }),
    referredByNobody: text('No one: they found your page directly'),
    kinds: {
      recommendation: text('Recommendation (they got in touch)'),
      introduction: text('Introduction (made by the referrer)'),
      direct: noted("no referrer's link and no peer: they came straight to your page", text('Came directly (they found your page)')),
    },
    reply: text('Reply to this email to answer {refereeName} directly. You promised a reply within {responseTime}; we have told them so.'),
    thankedWithFirstName: noted(
      'whether the referee allowed their first name to be shared with the referrer',
      text(
        "We have thanked {referrerName} already and told them {refereeName}'s first name, as {refereeName} allowed. Please share nothing else about {refereeName} with {referrerName}.",
        'referrerName',
      ),
    ),
    thankedWithoutName: text(
      'We have thanked {referrerName} already, without saying who got in touch, as {refereeName} asked. Please keep it that way: share nothing about {refereeName} with {referrerName}.',
      'referrerName',
    ),
    thankedIntroduction: noted(
      'after an introduction (the referrer wrote, the person introduced did not get in touch)',
      text(
        '{referrerName} made this introduction and has been thanked. {refereeName} has been told who introduced them, and that they can decline. Please share nothing {refereeName} tells you with {referrerName}.',
        'referrerName',
      ),
    ),
    footer: text('Referral {referralId} on {siteName}.'),
  },
);

/**
 * The alert of a new referral, to the provider's notification addresses (from their content
 * file, never from the request), with the referee's address as Reply-To. The referrer is named in
 * full, so that the provider can thank them too.
 */
export function providerAlertEmail(
  deps: { tokens: Tokens; clock: Clock; directory: Directory },
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
): MessageDraft<'provider-alert'> {
  return {
    key: `${referral.id}-provider-alert`,
    ...toProvider(provider, referral.id),
    replyTo: referral.referee.email,
    content: {
      template: 'provider-alert',
      providerName: provider.name,
      referralId: referral.id,
      kind: originOf(referral),
      refereeName: referral.referee.name,
      refereeEmail: referral.referee.email,
      ...optional('refereePhone', referral.referee.phone),
      message: referral.referee.message,
      ...optional('referrerName', referrer?.name),
      responseHours: provider.responseHours,
      respondBy: respondByOf(referral, provider).toISOString(),
      shareFirstName: referral.consent.shareFirstName,
      ...optional('actionsPath', actionsPath(deps, provider.slug, referral.id)),
      ...optional('handedOnBy', referral.handedOnFrom ? deps.directory.get(referral.handedOnFrom.provider)?.name : undefined),
      ...optional('timeZone', provider.timeZone),
    },
  };
}

/** A `mailto:` address for a link: the address as typed, percent-encoded where a URL needs it. */
const mailto = (address: string): string => `mailto:${encodeURI(address).replace(/[?#]/g, encodeURIComponent)}`;

/** A `tel:` link: the digits and a leading +, as RFC 3966 wants them. */
const tel = (phone: string): string => `tel:${phone.trim().startsWith('+') ? '+' : ''}${phone.replace(/\D/g, '')}`;

const compose: Compose<ContentOf<'provider-alert'>, typeof wording> = (content, write) => {
  const { handedOnBy, referrerName } = content;
  const respondBy = write.replyBy(content.respondBy, content.timeZone);
  const say = write.speak({ refereeName: content.refereeName, referralId: content.referralId, responseTime: write.hours(content.responseHours), respondBy });
  // Subject and intro have a string per case: handed on, an introduction, through a link, or direct.
  const which = handedOnBy ? 'HandedOn' : content.kind === 'introduction' ? 'Introduction' : referrerName ? 'Recommended' : '';
  // An introducer's name may have been erased since: a phrase stands in, mid-sentence or at the start.
  const names = (unnamed: string) => ({ handedOnBy: handedOnBy ?? '', referrerName: referrerName ?? unnamed });
  return {
    subject: say(`subject${which}`, names(write.copy.referrerUnnamed)),
    preheader: say('preheader'),
    blocks: [
      write.greetProvider(content.providerName),
      { kind: 'p', text: say(`intro${which}`, names(write.copy.referrerUnnamedAtStart)) },
      {
        kind: 'facts',
        rows: [
          [say('facts.name'), content.refereeName],
          [say('facts.email'), content.refereeEmail, mailto(content.refereeEmail)],
          ...(content.refereePhone ? ([[say('facts.phone'), content.refereePhone, tel(content.refereePhone)]] as [string, string, string][]) : []),
          [say('facts.referredBy'), referrerName ?? say('referredByNobody')],
          [say('facts.kind'), say(`kinds.${content.kind}`)],
          [say('facts.replyBy'), respondBy],
        ],
      },
      { kind: 'quote', text: content.message },
      { kind: 'p', text: say('reply') },
      ...(referrerName
        ? [
            {
              kind: 'p' as const,
              text: say(content.kind === 'introduction' ? 'thankedIntroduction' : content.shareFirstName ? 'thankedWithFirstName' : 'thankedWithoutName', { referrerName }),
            },
          ]
        : []),
      ...write.actions(content.actionsPath),
      write.dashboard,
    ],
    footer: [say('footer')],
  };
};

/** The provider's alert: its wording, builder and composition. */
export const providerAlert = { wording, build: providerAlertEmail, compose };
