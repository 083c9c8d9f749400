// The reminder a provider gets when no contact was recorded by the time they promised: first to
// their first notification address, then, a day later, once to every one (the escalation).
import { optional } from '../optional.ts';
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Referral } from '../referral.ts';
import { actionsPath, type Signing } from '../routes.ts';
import { respondByOf } from '../time.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { message, noted, text } from './copy.ts';

export const wording = message(
  'To the provider, when no contact was recorded by the promised time.',
  ['providerName', 'refereeName', 'referralId', 'responseTime', 'respondBy'],
  {
    subject: text('Reminder: {refereeName} is waiting to hear from you'),
    subjectEscalation: noted('the second and last reminder', text('Still waiting: {refereeName} was promised a reply within {responseTime}')),
    preheader: text('Promised by {respondBy}; no contact recorded yet.'),
    body: text('{refereeName} (referral {referralId}) was told you would be in touch within {responseTime}, by {respondBy}. No contact has been recorded yet.'),
    nudge: text('If you have already been in touch, record it so we stop reminding you; otherwise, a short reply today keeps the promise made in your name.'),
    nudgeEscalation: text(
      'This is the last reminder, sent to every notification address. If someone has already been in touch, please record it so nobody is chased.',
    ),
    footer: text('Sent by {siteName} to {providerName}, so that no referral goes unanswered.'),
  },
);

/** The reminder of a referral still without contact, or with `escalation` the last one, to every notification address. */
export function providerReminderEmail(deps: Signing, referral: Referral, provider: ProviderEntry, escalation: boolean): MessageDraft<'provider-reminder'> {
  return {
    key: `${referral.id}-${escalation ? 'escalation' : 'reminder'}`,
    ...toProvider(provider, referral.id, escalation ? provider.notify : provider.notify.slice(0, 1)),
    content: {
      template: 'provider-reminder',
      providerName: provider.name,
      referralId: referral.id,
      refereeName: referral.referee.name,
      responseHours: provider.responseHours,
      respondBy: respondByOf(referral, provider).toISOString(),
      escalation,
      ...optional('actionsPath', actionsPath(deps, provider.slug, referral.id)),
      ...optional('timeZone', provider.timeZone),
    },
  };
}

const compose: Compose<ContentOf<'provider-reminder'>, typeof wording> = (content, write) => {
  const say = write.speak({
    providerName: content.providerName,
    refereeName: content.refereeName,
    referralId: content.referralId,
    responseTime: write.hours(content.responseHours),
    respondBy: write.replyBy(content.respondBy, content.timeZone),
  });
  return {
    subject: say(content.escalation ? 'subjectEscalation' : 'subject'),
    preheader: say('preheader'),
    blocks: [
      write.greetProvider(content.providerName),
      { kind: 'p', text: say('body') },
      { kind: 'p', text: say(content.escalation ? 'nudgeEscalation' : 'nudge') },
      ...write.actions(content.actionsPath),
      write.dashboard,
    ],
    footer: [say('footer')],
  };
};

/** The provider's reminder: its wording, builder and composition. */
export const providerReminder = { wording, build: providerReminderEmail, compose };
