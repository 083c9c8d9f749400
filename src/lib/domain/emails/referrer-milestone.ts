// The short note a referrer gets when their referral moves on: a fixed phrase for the stage
// (and, when it did not go ahead, for the reason), the referee's first name only if they
// allowed it, never anything else about them, nor who a hand-off went to.
import type { ContentOf, MessageDraft } from '../ports.ts';
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { ProviderEntry } from '../provider.ts';
import type { ReferrerPreferences, Referral, Referrer } from '../referral.ts';
import { referrerForgetPath, type Signing, unsubscribePaths } from '../routes.ts';
import { greetingName, sharedFirstName } from '../text.ts';
import { toReferrer } from './recipients.ts';
import { message, noted, phrase, text } from './copy.ts';

export const wording = message('To a referrer, when their referral moves on: a short fixed note per stage, never details.', ['providerName', 'referee'], {
  subject: text('News about your referral to {providerName}'),
  preheader: noted('the line inboxes show after the subject: the note for the stage', text('{note}', 'note')),
  notes: noted('the note for each stage', {
    contacted: text('{referee} and {providerName} are now in touch.'),
    met: text('{referee} has had a first meeting with {providerName}.'),
    working: text('{referee} and {providerName} are now working together. It started with you: thank you.'),
    declined: text("{referee} and {providerName} won't be working together this time."),
    'handed-on': noted(
      'the partner is never named: it would hint at what they needed',
      text('{referee} agreed to be connected with another professional, whom {providerName} thought better placed to help.'),
    ),
    withdrawn: text('{referee} has decided not to take it further for now.'),
  }),
  reasons: noted('the closing line when it did not go ahead, by reason', {
    'not-right-fit': text(
      "After talking it through, they agreed {providerName} wasn't the right fit. That is a good outcome when it's true, and your recommendation was still a kind one.",
    ),
    timing: text("The timing wasn't right for them just now. That can change, and your recommendation still counts."),
    'another-route': text('They decided to go another way. Thank you for thinking of {providerName}.'),
    unreachable: text("{providerName} wasn't able to reach them, so this one is closed for now."),
  }),
  closing: noted('the closing line otherwise', text('We only ever send short notes like this one; what they discuss stays between them.')),
  closingHandedOn: text('Your recommendation still made the connection, and it stays yours.'),
  closingWithdrawn: text('Thank you for thinking of them all the same.'),
  refereeUnnamed: noted('the referee when they did not allow their first name to be shared', phrase('The person you referred')),
  footer: text('Sent by {siteName} because someone you referred to {providerName} has news.'),
  stopLabel: text('Stop these notes'),
});

/** A stage a referrer is told about. */
export type NoteStage = ContentOf<'referrer-milestone'>['stage'];

/**
 * The note for a stage, to the referrer's verified address, with a link and a one-click header
 * to stop them: none for a referral without a referrer, a self-referral, or a referrer who
 * stopped notes (or whose record is gone).
 */
export function referrerMilestoneEmail(
  deps: Signing,
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  preferences: Pick<ReferrerPreferences, 'notes'>,
  stage: NoteStage,
  reason?: Referral['reason'],
): MessageDraft<'referrer-milestone'> | null {
  if (!referral.referrer || referral.selfReferral || !referrer || !preferences.notes) return null;
  return {
    key: `${referral.id}-note-${stage}`,
    ...toReferrer(referrer, provider, referral),
    content: {
      template: 'referrer-milestone',
      ...optional('referrerFirstName', greetingName(referrer.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      stage,
      ...optional('reason', reason),
      ...optional('refereeFirstName', sharedFirstName(referral)),
      ...optional('unsubscribe', unsubscribePaths(deps, referrer.code, 'notes')),
      ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
    },
  };
}

const compose: Compose<ContentOf<'referrer-milestone'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName, referee: content.refereeFirstName ?? write.copy.refereeUnnamed });
  const note = say(`notes.${content.stage}`);
  const closing =
    content.stage === 'declined' && content.reason
      ? say(`reasons.${content.reason}`)
      : content.stage === 'handed-on'
        ? say('closingHandedOn')
        : content.stage === 'withdrawn'
          ? say('closingWithdrawn')
          : say('closing');
  return {
    subject: say('subject'),
    preheader: say('preheader', { note }),
    blocks: [write.greeting(content.referrerFirstName), { kind: 'p', text: note }, { kind: 'p', text: closing }],
    footer: [say('footer'), ...write.forget(content.forgetPath), write.privacy, ...write.stop(content.unsubscribe, say('stopLabel'))],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The referrer's progress note: its wording, builder and composition. */
export const referrerMilestone = { wording, build: referrerMilestoneEmail, compose };
