// The notice a provider gets when their webhook endpoint answered 410 Gone and was turned off,
// or when a referral event was given up on after every attempt (at most one a day). It names the
// endpoint by its host only: the path of a "catch webhook" URL is what lets anyone post to it.
import type { MessageDraft, ContentOf } from '../ports.ts';
import type { ProviderEntry } from '../provider.ts';
import type { Compose } from './blocks.ts';
import { toProvider } from './recipients.ts';
import { message, noted, text } from './copy.ts';

export const wording = message(
  'To the provider, when their webhook endpoint answered 410 Gone and was turned off (gone), or when a referral event was given up on after every attempt (failing; at most once a day).',
  ['providerName', 'endpointHost'],
  {
    gone: noted('their endpoint answered 410 Gone, and nothing more is sent to it', {
      subject: text('Your webhook at {endpointHost} is turned off'),
      preheader: text('It answered 410 Gone, so we stopped sending referral events to it.'),
      body: text(
        'Your webhook endpoint at {endpointHost} answered "410 Gone" (it no longer exists), so {siteName} stopped sending referral events to it. Referral alerts by email carry on as before.',
      ),
      nextStep: text('If it moved, put its new address in your content file; if it was a mistake, turn deliveries back on from your dashboard.'),
    }),
    failing: noted('an event was given up on after every attempt', {
      subject: text('Referral events are not reaching {endpointHost}'),
      preheader: text('We gave up on an event after {attempts} attempts.', 'attempts'),
      body: text(
        'We tried {attempts} times to post a referral event to your webhook at {endpointHost}, and gave up ({reason}). Your dashboard lists every delivery and how it went. We send this notice at most once a day.',
        'attempts',
        'reason',
      ),
      nextStep: text('Please check that the endpoint is up and accepts signed posts, then send a test event from your dashboard. Referral alerts by email are not affected.'),
    }),
    footer: text('Sent by {siteName} to {providerName}, so that no referral goes unanswered.'),
  },
);

/**
 * The notice `key` (one per turning off, or one a day for events given up on) to every
 * notification address of the provider: `why`, the endpoint's host, and for `failing` how many
 * times the event was tried and its last failure in words.
 */
export function webhookProblemEmail(
  key: string,
  provider: ProviderEntry,
  problem: { why: 'gone' } | { why: 'failing'; attempts: number; reason: string },
  endpointHost: string,
): MessageDraft<'webhook-problem'> {
  return {
    key,
    ...toProvider(provider, undefined),
    content: { template: 'webhook-problem', providerName: provider.name, endpointHost, ...problem },
  };
}

const compose: Compose<ContentOf<'webhook-problem'>, typeof wording> = (content, write) => {
  const say = write.speak({ providerName: content.providerName, endpointHost: content.endpointHost });
  const tried = { attempts: content.attempts ?? 0, reason: content.reason ?? '' };
  const [preheader, body] = content.why === 'gone' ? [say('gone.preheader'), say('gone.body')] : [say('failing.preheader', tried), say('failing.body', tried)];
  return {
    subject: say(`${content.why}.subject`),
    preheader,
    blocks: [write.greetProvider(content.providerName), { kind: 'p', text: body }, { kind: 'p', text: say(`${content.why}.nextStep`) }, write.dashboard],
    footer: [say('footer')],
  };
};

/** The provider's notice of a webhook in trouble: its wording, builder and composition. */
export const webhookProblem = { wording, build: webhookProblemEmail, compose };
