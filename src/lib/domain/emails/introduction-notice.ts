// The notice a person gets when a referrer introduced them: who introduced them (a first name fit
// to repeat, else a neutral phrase), to whom, where their details came from, and how to decline.
// It never repeats what the referrer wrote about them: that goes to the provider alone.
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry, Retention } from '../provider.ts';
import type { Referral, Referrer } from '../referral.ts';
import { respondPath, type Tokens } from '../routes.ts';
import { greetingName } from '../text.ts';
import { toReferee } from './recipients.ts';
import { message, noted, phrase, text } from './copy.ts';
import type { Clock } from '../time.ts';

export const wording = message(
  'To a person a referrer introduced: who introduced them, why, and how to decline.',
  ['referrerName', 'providerName', 'profession', 'responseTime', 'retentionDays'],
  {
    subject: text('{referrerName} introduced you to {providerName}'),
    preheader: text('{providerName} will be in touch within {responseTime}. You can decline.'),
    intro: text('{referrerName} thought {providerName} ({profession}) could help you, and has introduced you.'),
    promise: text('{providerName} will contact you at this address within {responseTime}. There is no obligation at all.'),
    declineIntro: noted(
      'declineIntro, declineLabel and whereFrom: when there is a decline link',
      text("If you'd rather not hear from {providerName}, say so and we will erase your details straight away:"),
    ),
    declineLabel: text('Decline this introduction'),
    whereFrom: text(
      'Where your details came from: {referrerName} gave us your name and email address so that {providerName} can contact you about this introduction, and for nothing else. We keep them for at most {retentionDays} days if nothing comes of it. {referrerName} will not see what you and {providerName} discuss. You can object, or have your details erased, at any time with the link above or by writing to {privacyContact}.',
    ),
    whereFromNoLink: text(
      'Where your details came from: {referrerName} gave us your name and email address so that {providerName} can contact you about this introduction, and for nothing else. We keep them for at most {retentionDays} days if nothing comes of it. {referrerName} will not see what you and {providerName} discuss. You can object, or have your details erased, at any time or by writing to {privacyContact}.',
    ),
    footer: text('Sent by {siteName} because {referrerName} introduced you.', 'referrerName'),
    referrerUnnamed: noted('the introducer, when their name is not one to repeat (a link, a long phrase) or was erased', phrase('someone you know')),
    referrerUnnamedAtStart: phrase('Someone you know'),
  },
);

/**
 * The notice of an introduction, to the address the referrer gave, under the key of the
 * confirmation it stands in for (a referral tells its referee once).
 */
export function introductionNoticeEmail(
  deps: { tokens: Tokens; clock: Clock; retention: Retention },
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer,
): MessageDraft<'introduction-notice'> {
  return {
    key: `${referral.id}-referee-confirmation`,
    ...toReferee(referral, provider),
    content: {
      template: 'introduction-notice',
      ...optional('refereeFirstName', greetingName(referral.referee.name)),
      ...optional('referrerFirstName', greetingName(referrer.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      profession: provider.profession,
      responseHours: provider.responseHours,
      ...optional('respondPath', respondPath(deps, referral.id)),
      retentionDays: deps.retention.unprogressedDays,
    },
  };
}

const compose: Compose<ContentOf<'introduction-notice'>, typeof wording> = (content, write) => {
  // Only a first name that looks like a name is repeated; a phrase stands in, mid-sentence or at the start.
  const say = write.speak({
    referrerName: content.referrerFirstName ?? write.copy.referrerUnnamedAtStart,
    providerName: content.providerName,
    profession: content.profession,
    responseTime: write.hours(content.responseHours),
    retentionDays: content.retentionDays,
  });
  const decline = content.respondPath ? write.url(content.respondPath) : undefined;
  return {
    subject: say('subject'),
    preheader: say('preheader'),
    blocks: [
      write.greeting(content.refereeFirstName),
      { kind: 'p', text: say('intro') },
      { kind: 'p', text: say('promise') },
      ...(decline
        ? [
            { kind: 'p' as const, text: say('declineIntro') },
            { kind: 'links' as const, items: [[say('declineLabel'), decline]] as [string, string][] },
          ]
        : []),
      { kind: 'p', text: say(decline ? 'whereFrom' : 'whereFromNoLink') },
    ],
    footer: [say('footer', { referrerName: content.referrerFirstName ?? write.copy.referrerUnnamed }), write.privacy],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The introduction notice: its wording, builder and composition. */
export const introductionNotice = { wording, build: introductionNoticeEmail, compose };
