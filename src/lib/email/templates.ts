import type { EmailContent, Unsubscribe } from '../domain/email-content.ts';
import type { Render } from '../domain/ports.ts';
import type { SiteSettings } from '../domain/provider.ts';
import type { Block, Composed, FooterLine } from './blocks.ts';
import { type CopyOf, fill, type Say, type Values, writer } from './copy.ts';
import { headerSafe } from './html.ts';
import { inDarkMode, layout } from './layout.ts';
import type { EmailCopy, MessageName, Messages } from './wording.ts';
import { paths } from '../domain/routes.ts';
import { firstNameOf } from '../domain/text.ts';
import { formatHours } from '../format.ts';

type Links = { url: (path: string) => string };

/** What composing an email needs besides its content: the copy, the site and where links lead. */
type Context = { copy: EmailCopy; site: SiteSettings; links: Links };

/** A `mailto:` address for a link: the address as typed, percent-encoded where a URL needs it. */
const mailto = (address: string): string => `mailto:${encodeURI(address).replace(/[?#]/g, encodeURIComponent)}`;

/** A `tel:` link: the digits and a leading +, as RFC 3966 wants them. */
const tel = (phone: string): string => `tel:${phone.trim().startsWith('+') ? '+' : ''}${phone.replace(/\D/g, '')}`;

/** A message's writer: its strings, with the site's placeholders and the message's own filled in. */
function speak<M extends MessageName>(context: Context, name: M, values: Values<Messages[M]['vars'][number]>): Say<Messages[M]['words']> {
  const copy = context.copy[name] as CopyOf<Messages[M]['words']>;
  return writer(copy, { siteName: context.site.siteName, privacyContact: context.site.privacyContact, ...values });
}

/** The writer of the strings several emails share. */
type Common = Say<Messages['common']['words']>;

/** "Hi Alice," or, without a name fit to repeat, "Hi there,". */
const greeting = (common: Common, name: string | undefined): Block => ({
  kind: 'p',
  text: name ? common('greeting', { name }) : common('greetingNoName'),
});

/** A provider is greeted by the first word of their name. */
const firstWord = (name: string): string => firstNameOf(name) || name;

const replyByFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The reply-by time as a provider reads it, in their own time zone, e.g. "Wed 6 Mar 2030,
 * 09:30 GMT" or "Wed 6 Mar 2030, 10:30 CET"; the zone's short name says which clock it is.
 */
export function replyBy(iso: string, timeZone = 'UTC'): string {
  let format = replyByFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    replyByFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** A day as a provider reads it, in their own time zone, e.g. "6 March 2030". */
export function dayOf(iso: string, timeZone = 'UTC'): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** The one main action of an email. */
const button = (_common: Common, label: string, href: string): Block => ({ kind: 'button', label, href });

/** The link to a provider's dashboard, where every referral and its state is. */
const dashboardBlock = (common: Common, links: Links): Block => ({ kind: 'link', label: common('dashboardLabel'), href: links.url(paths.dashboard()) });

/** The one-click milestone links in a provider's email: each opens a page that asks to confirm. */
function actionBlocks(actionsPath: string | undefined, common: Common, links: Links): Block[] {
  if (!actionsPath) return [];
  const item = (action: 'contacted' | 'met' | 'working' | 'declined' | 'hand-on'): [string, string] => [
    common(`actions.${action}`),
    links.url(`${actionsPath}?do=${action}`),
  ];
  return [
    { kind: 'p', text: common('actions.intro') },
    { kind: 'actions', items: [item('contacted'), item('met'), item('working'), item('declined'), item('hand-on')] },
  ];
}

/** The footer link to a referrer's unsubscribe page, which asks what to stop (a GET never changes anything). */
const stopLink = (unsubscribe: Unsubscribe | undefined, label: string, links: Links): FooterLine[] =>
  unsubscribe ? [{ label, href: links.url(unsubscribe.pagePath) }] : [];

/**
 * One-click unsubscribe (RFC 8058): mail clients show an "Unsubscribe" button that POSTs
 * `List-Unsubscribe=One-Click` to the URL, with no page in between.
 */
const unsubscribeHeaders = (unsubscribe: Unsubscribe, links: Links): Record<string, string> => ({
  'List-Unsubscribe': `<${headerSafe(links.url(unsubscribe.oneClickPath))}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** Which strings of the copy each email uses, and when; the wording itself is in the copy. */
function compose(content: EmailContent, context: Context): Composed {
  const { links } = context;
  const common = speak(context, 'common', {});
  const hours = (value: number) => formatHours(value, context.copy.common);
  const privacy: FooterLine = { label: common('privacy'), href: links.url(paths.privacy()) };
  const forget = (path: string | undefined): FooterLine[] => (path ? [{ label: common('forget'), href: links.url(path) }] : []);
  const zone = (timeZone: string | undefined) => timeZone ?? context.site.timeZone;
  switch (content.template) {
    case 'referrer-link': {
      const say = speak(context, 'referrer-link', { providerName: content.providerName });
      return {
        subject: say('subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, content.referrerFirstName),
          { kind: 'p', text: say('intro') },
          button(common, say('linkLabel'), links.url(content.linkPath)),
          ...(content.sharePath
            ? [
                { kind: 'p' as const, text: say('sharePage') },
                { kind: 'link' as const, label: say('sharePageLabel'), href: links.url(content.sharePath) },
              ]
            : []),
          { kind: 'p', text: say('onlyIfItHelps') },
          { kind: 'p', text: say('private') },
          ...(content.pagePath
            ? [
                { kind: 'p' as const, text: say('ownPage') },
                { kind: 'link' as const, label: say('ownPageLabel'), href: links.url(content.pagePath) },
              ]
            : []),
        ],
        footer: [say('footer'), ...forget(content.forgetPath), privacy],
      };
    }
    case 'referrer-thanks': {
      const copy = context.copy['referrer-thanks'];
      const introduction = content.introduction === true;
      const say = speak(context, 'referrer-thanks', {
        providerName: content.providerName,
        responseTime: hours(content.responseHours),
        referee: content.refereeFirstName ?? (introduction ? copy.refereeUnnamedIntroduction : copy.refereeUnnamed),
      });
      return {
        subject: say(introduction ? 'subjectIntroduction' : 'subject'),
        preheader: say(introduction ? 'preheaderIntroduction' : 'preheader'),
        blocks: [
          greeting(common, content.referrerFirstName),
          { kind: 'p', text: say(introduction ? 'newsIntroduction' : 'news') },
          { kind: 'p', text: say(introduction ? 'promiseIntroduction' : 'promise') },
          { kind: 'p', text: say('private') },
        ],
        footer: [say(introduction ? 'footerIntroduction' : 'footer'), ...forget(content.forgetPath), privacy, ...stopLink(content.unsubscribe, say('stopLabel'), links)],
      };
    }
    case 'referee-confirmation': {
      const say = speak(context, 'referee-confirmation', { providerName: content.providerName, responseTime: hours(content.responseHours) });
      const { handedOnBy, referrerFirstName } = content;
      return {
        subject: say('subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, content.refereeFirstName),
          {
            kind: 'p',
            text: handedOnBy
              ? say('thanksHandedOn', { handedOnBy })
              : referrerFirstName
                ? say('thanksOnSuggestion', { referrerFirstName })
                : say('thanks'),
          },
          { kind: 'p', text: say('promise') },
          // The one action this email offers, when the provider has a booking page; the reply stays the other way in.
          ...(content.bookingUrl ? [{ kind: 'p' as const, text: say('bookingIntro') }, button(common, say('bookingLabel'), content.bookingUrl)] : []),
          {
            kind: 'p',
            text: handedOnBy ? say('privateHandedOn', { handedOnBy }) : referrerFirstName ? say('privateOnSuggestion', { referrerFirstName }) : say('private'),
          },
          ...(content.respondPath ? [{ kind: 'links' as const, items: [[say('withdrawLabel'), links.url(content.respondPath)]] as [string, string][] }] : []),
        ],
        footer: [say(handedOnBy ? 'footerHandedOn' : 'footer'), privacy],
      };
    }
    case 'provider-alert': {
      const copy = context.copy['provider-alert'];
      const { handedOnBy, referrerName } = content;
      const say = speak(context, 'provider-alert', {
        refereeName: content.refereeName,
        referralId: content.referralId,
        responseTime: hours(content.responseHours),
        respondBy: replyBy(content.respondBy, zone(content.timeZone)),
      });
      // Subject and intro have a string per case: handed on, an introduction, through a link, or direct.
      const which = handedOnBy ? 'HandedOn' : content.kind === 'introduction' ? 'Introduction' : referrerName ? 'Recommended' : '';
      // An introducer's name may have been erased since: a phrase stands in, mid-sentence or at the start.
      const names = (unnamed: string) => ({ handedOnBy: handedOnBy ?? '', referrerName: referrerName ?? unnamed });
      return {
        subject: say(`subject${which}`, names(copy.referrerUnnamed)),
        preheader: say('preheader'),
        blocks: [
          greeting(common, firstWord(content.providerName)),
          { kind: 'p', text: say(`intro${which}`, names(copy.referrerUnnamedAtStart)) },
          {
            kind: 'facts',
            rows: [
              [say('facts.name'), content.refereeName],
              [say('facts.email'), content.refereeEmail, mailto(content.refereeEmail)],
              ...(content.refereePhone ? ([[say('facts.phone'), content.refereePhone, tel(content.refereePhone)]] as [string, string, string][]) : []),
              [say('facts.referredBy'), referrerName ?? say('referredByNobody')],
              [say('facts.kind'), say(`kinds.${content.kind}`)],
              [say('facts.replyBy'), replyBy(content.respondBy, zone(content.timeZone))],
            ],
          },
          { kind: 'quote', text: content.message },
          { kind: 'p', text: say('reply') },
          ...(referrerName
            ? [
                {
                  kind: 'p' as const,
                  text: say(
                    content.kind === 'introduction' ? 'thankedIntroduction' : content.shareFirstName ? 'thankedWithFirstName' : 'thankedWithoutName',
                    { referrerName },
                  ),
                },
              ]
            : []),
          ...actionBlocks(content.actionsPath, common, links),
          dashboardBlock(common, links),
        ],
        footer: [say('footer')],
      };
    }
    case 'introduction-notice': {
      const copy = context.copy['introduction-notice'];
      // Only a first name that looks like a name is repeated; a phrase stands in, mid-sentence or at the start.
      const say = speak(context, 'introduction-notice', {
        referrerName: content.referrerFirstName ?? copy.referrerUnnamedAtStart,
        providerName: content.providerName,
        profession: content.profession,
        responseTime: hours(content.responseHours),
        retentionDays: content.retentionDays,
      });
      const decline = content.respondPath ? links.url(content.respondPath) : undefined;
      return {
        subject: say('subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, content.refereeFirstName),
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
        footer: [say('footer', { referrerName: content.referrerFirstName ?? copy.referrerUnnamed }), privacy],
      };
    }
    case 'referrer-milestone': {
      const copy = context.copy['referrer-milestone'];
      const say = speak(context, 'referrer-milestone', {
        providerName: content.providerName,
        referee: content.refereeFirstName ?? copy.refereeUnnamed,
      });
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
        blocks: [greeting(common, content.referrerFirstName), { kind: 'p', text: note }, { kind: 'p', text: closing }],
        footer: [say('footer'), ...forget(content.forgetPath), privacy, ...stopLink(content.unsubscribe, say('stopLabel'), links)],
      };
    }
    case 'handoff-request': {
      const say = speak(context, 'handoff-request', {
        providerName: content.providerName,
        partnerName: content.partnerName,
        partnerProfession: content.partnerProfession,
        partnerHelpsBest: content.partnerHelpsBest,
      });
      return {
        subject: say('subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, content.refereeFirstName),
          { kind: 'p', text: say('intro') },
          ...(content.partnerPath ? [{ kind: 'links' as const, items: [[say('partnerPageLabel'), links.url(content.partnerPath)]] as [string, string][] }] : []),
          { kind: 'p', text: say('question') },
          // Two clear choices; each opens the answer page with it first, where one more press confirms (mail scanners open links).
          button(common, say('yesLabel'), links.url(`${content.respondPath}?answer=accept-handoff`)),
          { kind: 'links', items: [[say('noLabel'), links.url(`${content.respondPath}?answer=refuse-handoff`)]] },
        ],
        footer: [say('footer'), privacy],
      };
    }
    case 'referee-withdrew': {
      const say = speak(context, 'referee-withdrew', {
        providerName: content.providerName,
        referralId: content.referralId,
        receivedOn: dayOf(content.receivedAt, zone(content.timeZone)),
      });
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
        blocks: [greeting(common, firstWord(content.providerName)), { kind: 'p', text: why.body }, dashboardBlock(common, links)],
        footer: [say('footer')],
      };
    }
    case 'provider-reminder': {
      const say = speak(context, 'provider-reminder', {
        providerName: content.providerName,
        refereeName: content.refereeName,
        referralId: content.referralId,
        responseTime: hours(content.responseHours),
        respondBy: replyBy(content.respondBy, zone(content.timeZone)),
      });
      return {
        subject: say(content.escalation ? 'subjectEscalation' : 'subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, firstWord(content.providerName)),
          { kind: 'p', text: say('body') },
          { kind: 'p', text: say(content.escalation ? 'nudgeEscalation' : 'nudge') },
          ...actionBlocks(content.actionsPath, common, links),
          dashboardBlock(common, links),
        ],
        footer: [say('footer')],
      };
    }
    case 'dashboard-sign-in': {
      const say = speak(context, 'dashboard-sign-in', { providerName: content.providerName, minutes: content.minutes });
      return {
        subject: say('subject'),
        preheader: say('preheader'),
        blocks: [
          greeting(common, firstWord(content.providerName)),
          { kind: 'p', text: say('intro') },
          button(common, say('buttonLabel'), links.url(content.signInPath)),
          { kind: 'p', text: say('note') },
        ],
        footer: [say('footer')],
      };
    }
    case 'delivery-failed':
      return deliveryFailed(content, context, common);
    case 'webhook-problem': {
      const say = speak(context, 'webhook-problem', { providerName: content.providerName, endpointHost: content.endpointHost });
      const tried = { attempts: content.attempts ?? 0, reason: content.reason ?? '' };
      const [preheader, body] = content.why === 'gone' ? [say('gone.preheader'), say('gone.body')] : [say('failing.preheader', tried), say('failing.body', tried)];
      return {
        subject: say(`${content.why}.subject`),
        preheader,
        blocks: [greeting(common, firstWord(content.providerName)), { kind: 'p', text: body }, { kind: 'p', text: say(`${content.why}.nextStep`) }, dashboardBlock(common, links)],
        footer: [say('footer')],
      };
    }
  }
}

/** The notice to a provider that an email did not go through, or was never sent because its address bounced or complained before. */
function deliveryFailed(
  content: Extract<EmailContent, { template: 'delivery-failed' }>,
  context: Context,
  common: Common,
): Composed {
  const copy = context.copy['delivery-failed'];
  const say = speak(context, 'delivery-failed', { providerName: content.providerName, attempts: content.attempts, reason: content.reason.replace(/_/g, ' ') });
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
        greeting(common, firstWord(content.providerName)),
        {
          kind: 'p',
          text: referralId
            ? say('suppressed.body', { what, referralId, because })
            : named
              ? say('suppressed.bodyLink', { because, referrerFirstName: named })
              : say('suppressed.bodyNoReferral', { what, because }),
        },
        { kind: 'p', text: named ? say('suppressed.nextStepLink', { referrerFirstName: named }) : say(toProvider ? 'suppressed.nextStepProvider' : 'suppressed.nextStep') },
        dashboardBlock(common, context.links),
      ],
      footer: [say('footer')],
    };
  }
  const tries = content.attempts === 1 ? copy.triesOnce : fill(copy.triesMany, { attempts: content.attempts });
  return {
    subject: say('subject', { what }),
    preheader: say('preheader', { what }),
    blocks: [
      greeting(common, firstWord(content.providerName)),
      { kind: 'p', text: referralId ? say('tried', { tries, what, referralId }) : say('triedNoReferral', { tries, what }) },
      { kind: 'p', text: say(toProvider ? 'nextStepProvider' : 'nextStep') },
      dashboardBlock(common, context.links),
    ],
    footer: [say('footer')],
  };
}

/** Emails to referrers and referees, which come from a provider: their initials stand beside their name under the brand. */
const fromProvider = new Set<EmailContent['template']>(['referrer-link', 'referrer-thanks', 'referee-confirmation', 'introduction-notice', 'referrer-milestone', 'handoff-request']);

/** The renderer the use cases are given: site settings for sender and brand, a base URL for links, the wording of every email. */
export function createRenderer(site: SiteSettings, baseUrl: string, copy: EmailCopy): Render {
  const links: Links = { url: (path) => `${baseUrl}${path}` };
  const brand = {
    siteName: site.siteName,
    colour: site.brandColour,
    homeUrl: `${baseUrl}/`,
    ...(site.logo ? { logoUrl: /^https?:/.test(site.logo) ? site.logo : `${baseUrl}${site.logo}` } : {}),
  };
  return (content) => {
    const photo = 'providerPhoto' in content ? content.providerPhoto : undefined;
    const person = fromProvider.has(content.template) && 'providerName' in content ? { person: content.providerName, ...(photo ? { personPhoto: links.url(photo) } : {}) } : {};
    const composed = { ...compose(content, { copy, site, links }), ...person };
    const unsubscribe = 'unsubscribe' in content ? content.unsubscribe : undefined;
    return {
      from: site.sender,
      ...layout(composed, brand),
      tags: [{ name: 'template', value: content.template }],
      ...(unsubscribe ? { headers: unsubscribeHeaders(unsubscribe, links) } : {}),
    };
  };
}

/**
 * The renderer, for the preview page: each email as it is sent, plus its preheader (the line
 * inboxes show after the subject) and its HTML as a client in dark mode shows it.
 */
export function createPreviewer(
  site: SiteSettings,
  baseUrl: string,
  copy: EmailCopy,
): (content: EmailContent) => ReturnType<Render> & { preheader: string; darkHtml: string } {
  const render = createRenderer(site, baseUrl, copy);
  const links: Links = { url: (path) => `${baseUrl}${path}` };
  return (content) => {
    const email = render(content);
    return { ...email, preheader: compose(content, { copy, site, links }).preheader, darkHtml: inDarkMode(email.html) };
  };
}
