// The notice a provider gets when the person declined an introduction, withdrew a
// recommendation (their details erased either way) or refused a hand-off. The day the referral
// arrived, in the provider's time zone, says which it was; the person is named only while their
// details are kept.
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { message, noted, text } from './copy.ts';

export const wording = message(
  'To the provider, when the person declined an introduction, withdrew a recommendation or refused a hand-off. The day the referral arrived is given in the provider\'s time zone.',
  ['providerName', 'referralId', 'receivedOn'],
  {
    declined: noted('they declined an introduction (their details are erased)', {
      subject: text('An introduction of {receivedOn} was declined'),
      preheader: text('Please do not contact them.'),
      body: text(
        'The person introduced to you on {receivedOn} (referral {referralId}) has declined the introduction, and at their request their details have been erased from {siteName}. Please do not contact them, and delete their details from your own records.',
      ),
    }),
    withdrawn: noted('they withdrew a recommendation they had sent (their details are erased)', {
      subject: text('A referral of {receivedOn} was withdrawn'),
      preheader: text('Please do not contact them.'),
      body: text(
        'The person who got in touch on {receivedOn} (referral {referralId}) has changed their mind, and at their request their details have been erased from {siteName}. Please do not contact them, and delete their details from your own records.',
      ),
    }),
    'refused-handoff': noted('they would rather not be handed on', {
      subject: text('{refereeName} would rather not be handed on', 'refereeName'),
      subjectUnnamed: noted('when their details were erased meanwhile', text('A referral of {receivedOn} will not be handed on')),
      preheader: text('The referral is closed.'),
      body: text(
        '{refereeName}, who got in touch on {receivedOn}, would rather not be passed on to your partner. Nothing was shared with your partner, and the referral is closed.',
        'refereeName',
      ),
      bodyUnnamed: noted(
        'when their details were erased meanwhile',
        text(
          'The person who got in touch on {receivedOn} (referral {referralId}) would rather not be passed on to your partner. Nothing was shared with your partner, and the referral is closed.',
        ),
      ),
    }),
    footer: text('Sent by {siteName} to {providerName}.'),
  },
);

/**
 * The notice of a referee's answer, to every notification address of the provider: `stored` is
 * the referral as written after the answer (a decline has erased it, and then it names no one).
 */
export function refereeWithdrewEmail(
  referral: Referral,
  provider: ProviderEntry,
  answer: 'decline' | 'refuse-handoff',
  stored: Pick<Referral, 'erasedAt' | 'referee'>,
): MessageDraft<'referee-withdrew'> {
  return {
    key: `${referral.id}-withdrew`,
    ...toProvider(provider, referral.id),
    content: {
      template: 'referee-withdrew',
      providerName: provider.name,
      referralId: referral.id,
      why: answer !== 'decline' ? 'refused-handoff' : referral.kind === 'introduction' ? 'declined' : 'withdrawn',
      receivedAt: referral.createdAt,
      // Named only while their details are kept: a decline erases them.
      ...(answer === 'decline' || stored.erasedAt ? {} : { refereeName: stored.referee.name }),
      ...optional('timeZone', provider.timeZone),
    },
  };
}

const compose: Compose<ContentOf<'referee-withdrew'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName, referralId: content.referralId, receivedOn: write.day(content.receivedAt, content.timeZone) });
  const why =
    content.why === 'refused-handoff'
      ? {
          subject: say(content.refereeName ? 'refused-handoff.subject' : 'refused-handoff.subjectUnnamed', { refereeName: content.refereeName ?? '' }),
          preheader: say('refused-handoff.preheader'),
          body: say(content.refereeName ? 'refused-handoff.body' : 'refused-handoff.bodyUnnamed', { refereeName: content.refereeName ?? '' }),
        }
      : { subject: say(`${content.why}.subject`), preheader: say(`${content.why}.preheader`), body: say(`${content.why}.body`) };
  return {
    subject: why.subject,
    preheader: why.preheader,
    blocks: [write.greetProvider(content.providerName), { kind: 'p', text: why.body }, write.dashboard],
    footer: [say('footer')],
  };
};

/** The provider's notice of a referee's answer: its wording, builder and composition. */
export const refereeWithdrew = { wording, build: refereeWithdrewEmail, compose };
