// The thank-you a referrer gets the moment someone they recommended gets in touch (or they made
// an introduction), whatever comes of it. It names the referee by first name only when the
// referee allowed it, and never says anything else about them.
import { emailPhotoOf, type Compose } from './blocks.ts';
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { ReferrerPreferences, Referral, Referrer } from '../referral.ts';
import { referrerForgetPath, type Signing, unsubscribePaths } from '../routes.ts';
import { greetingName, sharedFirstName } from '../text.ts';
import { toReferrer } from './recipients.ts';
import { message, noted, phrase, text } from './copy.ts';

export const wording = message(
  'To a referrer, the moment someone they recommended gets in touch (or they made an introduction).',
  ['providerName', 'responseTime', 'referee'],
  {
    subject: text('Thank you for recommending {providerName}'),
    subjectIntroduction: noted('the strings ending in Introduction: when the referrer made an introduction', text('Thank you for your introduction to {providerName}')),
    preheader: text('{referee} just got in touch with {providerName} through your link.'),
    preheaderIntroduction: text('{providerName} has your introduction.'),
    news: text('{referee} has just got in touch with {providerName} through your link. Thank you.'),
    newsIntroduction: text('We have told them about your introduction, and {providerName} has their details. Thank you.'),
    refereeUnnamed: noted('the referee when they did not allow their first name to be shared', phrase('Someone you recommended')),
    refereeUnnamedIntroduction: phrase('The person you introduced'),
    promise: text(
      'Whatever comes of it, recommendations like yours are how {providerName} meets the people they help best. {providerName} has promised to reply within {responseTime}.',
    ),
    promiseIntroduction: noted(
      'after an introduction',
      text(
        'Whatever comes of it, introductions like yours are how {providerName} meets the people they help best. {providerName} has promised to reply within {responseTime}.',
      ),
    ),
    private: text("Their conversation stays private; we'll only send you a short note if there's news worth sharing."),
    footer: text('Sent by {siteName} because someone used your personal link.'),
    footerIntroduction: noted('after an introduction', text('Sent by {siteName} because you introduced someone to {providerName}.')),
    stopLabel: text('Stop emails about your referrals'),
  },
);

/**
 * The thank-you for a new referral, to the referrer's verified address: none without a referrer,
 * when the referral earns none (a self-referral, the link's daily cap), or when they stopped
 * every email about their referrals (stopping progress notes alone keeps it).
 */
export function referrerThanksEmail(
  deps: Signing,
  referral: Referral,
  provider: ProviderEntry,
  referrer: Referrer | null,
  preferences: ReferrerPreferences | null,
): MessageDraft<'referrer-thanks'> | null {
  if (!referrer || !referral.thankReferrer || preferences?.thanks === false) return null;
  return {
    key: `${referral.id}-referrer-thanks`,
    ...toReferrer(referrer, provider, referral),
    content: {
      template: 'referrer-thanks',
      ...(referral.kind === 'introduction' ? { introduction: true as const } : {}),
      ...optional('referrerFirstName', greetingName(referrer.name)),
      providerName: provider.name,
      ...optional('providerPhoto', emailPhotoOf(provider)),
      responseHours: provider.responseHours,
      ...optional('refereeFirstName', sharedFirstName(referral)),
      ...optional('unsubscribe', unsubscribePaths(deps, referrer.code, 'all')),
      ...optional('forgetPath', referrerForgetPath(deps, referrer.code)),
    },
  };
}

const compose: Compose<ContentOf<'referrer-thanks'>, typeof wording> = (content, write) => {
  const introduction = content.introduction === true;
  const say = write.speak({
    providerName: content.providerName,
    responseTime: write.hours(content.responseHours),
    referee: content.refereeFirstName ?? (introduction ? write.copy.refereeUnnamedIntroduction : write.copy.refereeUnnamed),
  });
  return {
    subject: say(introduction ? 'subjectIntroduction' : 'subject'),
    preheader: say(introduction ? 'preheaderIntroduction' : 'preheader'),
    blocks: [
      write.greeting(content.referrerFirstName),
      { kind: 'p', text: say(introduction ? 'newsIntroduction' : 'news') },
      { kind: 'p', text: say(introduction ? 'promiseIntroduction' : 'promise') },
      { kind: 'p', text: say('private') },
    ],
    footer: [say(introduction ? 'footerIntroduction' : 'footer'), ...write.forget(content.forgetPath), write.privacy, ...write.stop(content.unsubscribe, say('stopLabel'))],
    ...write.from(content.providerName, content.providerPhoto),
  };
};

/** The referrer's thank-you: its wording, builder and composition. */
export const referrerThanks = { wording, build: referrerThanksEmail, compose };
