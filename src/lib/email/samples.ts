// Sample content for every email template: the preview page (/dev/emails/) renders these,
// and the unit tests snapshot, validate and attack them. Plain, believable data; hostile
// variants are derived from them by `hostileSample`.
import type { ContentOf, EmailContent, TemplateName } from '../domain/ports.ts';

/** One sample of every template, with plain data. */
export const emailSamples: { [T in TemplateName]: ContentOf<T> } = {
  'referrer-link': {
    template: 'referrer-link',
    referrerFirstName: 'Alice',
    providerName: 'Jane Okafor',
    linkPath: '/r/AbCdEfGhIjKlMnOpQr_-12',
    pagePath: '/me/key.signature/',
    sharePath: '/share/AbCdEfGhIjKlMnOpQr_-12/',
  },
  'referrer-thanks': {
    template: 'referrer-thanks',
    referrerFirstName: 'Alice',
    providerName: 'Jane Okafor',
    responseHours: 24,
    refereeFirstName: 'Zebedee',
    unsubscribe: { pagePath: '/unsubscribe/token.signature/', oneClickPath: '/api/unsubscribe?token=token.signature&stop=all' },
  },
  'referee-confirmation': {
    template: 'referee-confirmation',
    refereeFirstName: 'Zebedee',
    providerName: 'Jane Okafor',
    responseHours: 48,
    referrerFirstName: 'Alice',
    respondPath: '/respond/token.signature/',
    bookingUrl: 'https://cal.com/jane-okafor/first-call',
    providerPhoto: '/photos/jane-okafor.jpg',
  },
  'provider-alert': {
    template: 'provider-alert',
    providerName: 'Jane Okafor',
    referralId: 'ref-0001',
    kind: 'recommendation',
    refereeName: 'Zebedee Quill',
    refereeEmail: 'zeb@example.net',
    refereePhone: '+44 7700 900123',
    message: 'Line one\nLine two',
    referrerName: 'Alice Walker',
    responseHours: 24,
    respondBy: '2030-03-06T09:30:00.000Z',
    shareFirstName: true,
    actionsPath: '/act/token.signature/',
  },
  'introduction-notice': {
    template: 'introduction-notice',
    refereeFirstName: 'Zebedee',
    referrerFirstName: 'Alice',
    providerName: 'Jane Okafor',
    profession: 'Independent financial adviser',
    responseHours: 24,
    respondPath: '/respond/token.signature/',
    retentionDays: 180,
  },
  'referrer-milestone': {
    template: 'referrer-milestone',
    referrerFirstName: 'Alice',
    providerName: 'Jane Okafor',
    stage: 'declined',
    reason: 'timing',
    refereeFirstName: 'Zebedee',
    unsubscribe: { pagePath: '/unsubscribe/token.signature/', oneClickPath: '/api/unsubscribe?token=token.signature' },
  },
  'handoff-request': {
    template: 'handoff-request',
    refereeFirstName: 'Zebedee',
    providerName: 'Jane Okafor',
    partnerName: 'Marcus Lee',
    partnerProfession: 'Chartered accountant',
    partnerHelpsBest: 'Small business owners.',
    partnerPath: '/p/marcus-lee/',
    respondPath: '/respond/token.signature/',
  },
  'referee-withdrew': {
    template: 'referee-withdrew',
    providerName: 'Jane Okafor',
    referralId: 'ref-0001',
    why: 'withdrawn',
    receivedAt: '2030-03-04T09:15:00.000Z',
    timeZone: 'Europe/London',
  },
  'provider-reminder': {
    template: 'provider-reminder',
    providerName: 'Jane Okafor',
    referralId: 'ref-0001',
    refereeName: 'Zebedee Quill',
    responseHours: 24,
    respondBy: '2030-03-06T09:30:00.000Z',
    escalation: false,
    actionsPath: '/act/token.signature/',
  },
  'dashboard-sign-in': {
    template: 'dashboard-sign-in',
    providerName: 'Jane Okafor',
    signInPath: '/dashboard/sign-in/token.signature/',
    minutes: 20,
  },
  'delivery-failed': {
    template: 'delivery-failed',
    providerName: 'Jane Okafor',
    role: 'referee',
    failedTemplate: 'referee-confirmation',
    referralId: 'ref-0001',
    attempts: 8,
    reason: 'internal_server_error',
  },
  'webhook-problem': {
    template: 'webhook-problem',
    providerName: 'Jane Okafor',
    why: 'failing',
    endpointHost: 'hooks.zapier.com',
    attempts: 8,
    reason: 'HTTP 500',
  },
};

/** Every template name, in the order the samples list them. */
export const templateNames = Object.keys(emailSamples) as TemplateName[];

/**
 * Fields that are names of things or values the use cases compute, not text anyone typed; and the
 * provider's photo, a path the provider schema allows only as `/photos/<letters, digits, . _ ->`.
 */
const notTyped = new Set(['template', 'kind', 'respondBy', 'receivedAt', 'timeZone', 'partnerPath', 'role', 'failedTemplate', 'stage', 'reason', 'why', 'suppressed', 'providerPhoto']);

/** The fields of a content filled in from what people typed or from content files. */
export const typedFields = (content: EmailContent): string[] =>
  Object.entries(content)
    .filter(([name, value]) => typeof value === 'string' && !notTyped.has(name))
    .map(([name]) => name);

/** A template's sample with every typed field set to `value`: for escaping checks. */
export const hostileSample = (template: TemplateName, value: string): EmailContent => {
  const sample: EmailContent = emailSamples[template];
  return { ...sample, ...Object.fromEntries(typedFields(sample).map((field) => [field, value])) } as EmailContent;
};
