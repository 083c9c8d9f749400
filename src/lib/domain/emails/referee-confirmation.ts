// The confirmation a referred person gets at once: who will contact them and by when, their
// booking page if the provider has one, and a way to withdraw. It goes to the address stored
// with their own referral; a reply reaches the provider who will help (Reply-To).
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry, Directory } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { respondPath, type Tokens } from '../routes.ts';
import { greetingName } from '../text.ts';
import { toReferee } from './recipients.ts';
import { message, noted, text } from './copy.ts';
import type { Clock } from '../time.ts';

export const wording = message('To the person referred, at once: who will contact them and by when.', ['providerName', 'responseTime'], {
  subject: text('{providerName} will be in touch within {responseTime}'),
  preheader: text("Thanks for getting in touch. Here's what happens next."),
  thanks: text('Thank you for getting in touch with {providerName}.'),
  thanksOnSuggestion: noted(
    "when they came through a referrer's link",
    text("Thank you for getting in touch with {providerName} on {referrerFirstName}'s suggestion.", 'referrerFirstName'),
  ),
  thanksHandedOn: noted(
    'when another provider handed them on',
    text('Thank you for getting in touch with {providerName}, passed on by {handedOnBy} as you agreed.', 'handedOnBy'),
  ),
  promise: text(
    "{providerName} will contact you personally within {responseTime}, using the details you gave. There is no obligation: if it isn't the right fit, just say so.",
  ),
  bookingIntro: noted(
    'when the provider has a booking page (bookingUrl in their file): a button to it',
    text('If you would rather pick a time yourself, {providerName} has a booking page.'),
  ),
  bookingLabel: text('Book a time with {providerName}'),
  private: text('What you wrote goes only to {providerName}.'),
  privateHandedOn: noted(
    'after a hand-off',
    text('{handedOnBy} read what you wrote and, as you agreed, passed it on to {providerName}; no one else sees it.', 'handedOnBy'),
  ),
  privateOnSuggestion: text(
    'What you wrote goes only to {providerName}. {referrerFirstName} is told that you got in touch, and your first name only if you allowed it.',
    'referrerFirstName',
  ),
  withdrawLabel: text('Changed your mind? Withdraw and have your details erased'),
  footer: text(
    'You receive this because you filled in a form on {siteName}. To have your details erased, use the link above or write to {privacyContact}.',
  ),
  footerHandedOn: noted(
    'when another provider handed them on',
    text(
      'You receive this because you agreed to be passed on on {siteName}. To have your details erased, use the link above or write to {privacyContact}.',
    ),
  ),
});

/**
 * The confirmation of a new referral, to the referee's own address, with the provider's first
 * notification address as Reply-To. The referrer appears by a first name fit to repeat, never
 * more; a provider who handed the referee on, by name.
 */
export function refereeConfirmationEmail(
  deps: { tokens: Tokens; clock: Clock; directory: Directory },
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
): MessageDraft<'referee-confirmation'> {
  const handedOnBy = referral.handedOnFrom ? deps.directory.get(referral.handedOnFrom.provider)?.name : undefined;
  return {
    key: `${referral.id}-referee-confirmation`,
    ...toReferee(referral, provider),
    // Replying to the confirmation reaches the provider who will help, as the thanks page says.
    ...optional('replyTo', provider.notify[0]),
    content: {
      template: 'referee-confirmation',
      ...optional('refereeFirstName', greetingName(referral.referee.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      responseHours: provider.responseHours,
      ...optional('referrerFirstName', referrer ? greetingName(referrer.name) : undefined),
      ...optional('respondPath', respondPath(deps, referral.id)),
      ...optional('handedOnBy', handedOnBy),
      ...optional('bookingUrl', provider.bookingUrl),
    },
  };
}

const compose: Compose<ContentOf<'referee-confirmation'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName, responseTime: write.hours(content.responseHours) });
  const { handedOnBy, referrerFirstName } = content;
  return {
    subject: say('subject'),
    preheader: say('preheader'),
    blocks: [
      write.greeting(content.refereeFirstName),
      {
        kind: 'p',
        text: handedOnBy ? say('thanksHandedOn', { handedOnBy }) : referrerFirstName ? say('thanksOnSuggestion', { referrerFirstName }) : say('thanks'),
      },
      { kind: 'p', text: say('promise') },
      // The one action this email offers, when the provider has a booking page; the reply stays the other way in.
      ...(content.bookingUrl
        ? [
            { kind: 'p' as const, text: say('bookingIntro') },
            { kind: 'button' as const, label: say('bookingLabel'), href: content.bookingUrl },
          ]
        : []),
      {
        kind: 'p',
        text: handedOnBy ? say('privateHandedOn', { handedOnBy }) : referrerFirstName ? say('privateOnSuggestion', { referrerFirstName }) : say('private'),
      },
      ...(content.respondPath ? [{ kind: 'links' as const, items: [[say('withdrawLabel'), write.url(content.respondPath)]] as [string, string][] }] : []),
    ],
    footer: [say(handedOnBy ? 'footerHandedOn' : 'footer'), write.privacy],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The referee's confirmation: its wording, builder and composition. */
export const refereeConfirmation = { wording, build: refereeConfirmationEmail, compose };
