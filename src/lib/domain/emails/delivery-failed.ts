// The notice a provider gets when an email about their referrals did not go through after the
// last attempt, or was never sent because its address bounced or complained before. It names
// who the email was for by role only (and, for a personal link, the first name the person gave).
import { optional } from '../optional.ts';
import type { MessageDraft, OutboxMessage, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { fill, message, noted, phrase, text } from './copy.ts';

export const wording = message(
  'To the provider, when an email could not be delivered, or was not sent because its address bounced or was marked as spam before.',
  ['providerName', 'attempts', 'reason'],
  {
    subject: text('We could not deliver {what}', 'what'),
    preheader: text('After {attempts} attempts, {what} did not go through.', 'what'),
    tried: noted('tries is triesOnce or triesMany, below', text('We tried {tries} to send {what} for referral {referralId}, and it did not go through ({reason}).', 'tries', 'what', 'referralId')),
    triedNoReferral: text('We tried {tries} to send {what}, and it did not go through ({reason}).', 'tries', 'what'),
    triesOnce: phrase('once'),
    triesMany: phrase('{attempts} times', 'attempts'),
    nextStepProvider: noted(
      'when the email was for the provider themselves',
      text('Please check that your notification address accepts email from us, and look for the referral in your records.'),
    ),
    nextStep: text('If you can, let them know personally; we will not try again.'),
    what: noted('what the email was, by template', {
      'referrer-link': phrase('a personal link to a referrer'),
      'referrer-thanks': phrase('the thank-you to a referrer'),
      'referee-confirmation': phrase('the confirmation to someone who was referred to you'),
      'provider-alert': phrase('a referral alert to you'),
      'introduction-notice': phrase('the introduction notice to someone introduced to you'),
      'referrer-milestone': phrase('a progress note to a referrer'),
      'handoff-request': phrase('the hand-off question to someone who was referred to you'),
      'referee-withdrew': phrase('a notice to you'),
      'provider-reminder': phrase('a reminder to you'),
      'dashboard-sign-in': phrase('a dashboard sign-in link'),
      other: phrase('an email'),
    }),
    suppressed: noted('when the email was not sent because its address bounced or complained before', {
      subject: text('We did not send {what}', 'what'),
      subjectLink: noted('for a personal link not sent, naming who asked for it', text('We did not send {referrerFirstName} the personal link they asked for', 'referrerFirstName')),
      preheader: {
        bounced: text('The address bounced, so we no longer write to it.'),
        complained: text('The address marked our email as spam, so we no longer write to it.'),
      },
      body: text('We did not send {what} for referral {referralId}: {because}, so we no longer write to it.', 'what', 'referralId', 'because'),
      bodyNoReferral: text('We did not send {what}: {because}, so we no longer write to it.', 'what', 'because'),
      bodyLink: noted(
        'for a personal link not sent: who asked for it (the first name they gave)',
        text(
          'We did not send the personal link {referrerFirstName} asked for on your page: {because}, so we no longer write to that address.',
          'because',
          'referrerFirstName',
        ),
      ),
      because: {
        bounced: phrase('an earlier email of ours to that address bounced (the receiving server refused it as undeliverable)'),
        complained: phrase('the person at that address marked an earlier email of ours as spam'),
      },
      nextStepProvider: text('Please check the notification address in your provider settings, and look for the referral in your records.'),
      nextStep: text('If you can, reach them another way, such as by phone; they have not heard from us.'),
      nextStepLink: noted(
        'after bodyLink',
        text(
          'If you know {referrerFirstName}, you could send them your page yourself, or ask them to request the link again with another address.',
          'referrerFirstName',
        ),
      ),
    }),
    footer: text('Sent by {siteName} to {providerName}, so that no referral goes unanswered.'),
  },
);

/** The notice that `message` did not get through (or was never sent), to every notification address of its provider, once (its outbox `key`). */
export function deliveryFailedEmail(key: string, message: OutboxMessage, provider: ProviderEntry): MessageDraft<'delivery-failed'> {
  return {
    key,
    ...toProvider(provider, message.referral),
    content: {
      template: 'delivery-failed',
      providerName: provider.name,
      role: message.role,
      failedTemplate: message.content.template,
      ...(message.referral ? { referralId: message.referral } : {}),
      attempts: message.attempts,
      reason: message.lastError ?? 'unknown',
      ...optional('suppressed', message.suppressed),
      ...(message.content.template === 'referrer-link' ? optional('referrerFirstName', message.content.referrerFirstName) : {}),
    },
  };
}

const compose: Compose<ContentOf<'delivery-failed'>, typeof wording> = (content, write) => {
  const { copy } = write;
  const say = write.speak({ providerName: content.providerName, attempts: content.attempts, reason: content.reason.replace(/_/g, ' ') });
  const what = Object.hasOwn(copy.what, content.failedTemplate) ? copy.what[content.failedTemplate as keyof typeof copy.what] : copy.what.other;
  const { referralId, suppressed } = content;
  const toProvider = content.role === 'provider';
  // Who asked for a personal link that was not sent, by the first name they gave (blank once erased).
  const named = content.failedTemplate === 'referrer-link' && content.referrerFirstName ? content.referrerFirstName : undefined;
  if (suppressed) {
    const because = copy.suppressed.because[suppressed];
    return {
      subject: named ? say('suppressed.subjectLink', { referrerFirstName: named }) : say('suppressed.subject', { what }),
      preheader: say(`suppressed.preheader.${suppressed}`),
      blocks: [
        write.greetProvider(content.providerName),
        {
          kind: 'p',
          text: referralId
            ? say('suppressed.body', { what, referralId, because })
            : named
              ? say('suppressed.bodyLink', { because, referrerFirstName: named })
              : say('suppressed.bodyNoReferral', { what, because }),
        },
        { kind: 'p', text: named ? say('suppressed.nextStepLink', { referrerFirstName: named }) : say(toProvider ? 'suppressed.nextStepProvider' : 'suppressed.nextStep') },
        write.dashboard,
      ],
      footer: [say('footer')],
    };
  }
  const tries = content.attempts === 1 ? copy.triesOnce : fill(copy.triesMany, { attempts: content.attempts });
  return {
    subject: say('subject', { what }),
    preheader: say('preheader', { what }),
    blocks: [
      write.greetProvider(content.providerName),
      { kind: 'p', text: referralId ? say('tried', { tries, what, referralId }) : say('triedNoReferral', { tries, what }) },
      { kind: 'p', text: say(toProvider ? 'nextStepProvider' : 'nextStep') },
      write.dashboard,
    ],
    footer: [say('footer')],
  };
};

/** The provider's notice of an email that did not get through: its wording, builder and composition. */
export const deliveryFailed = { wording, build: deliveryFailedEmail, compose };
