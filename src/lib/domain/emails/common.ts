// What every email shares: the strings several of them use (greetings, footer links, how long a
// reply takes, the milestone buttons), the pieces made of those strings, and the kit an email's
// composition is handed (`writerFor`, of the `Writer` type in blocks.ts). No email's own file
// imports this one: the kit comes as an argument, so that a builder called deep in the domain
// stays a short import away.
import type { SiteSettings } from '../provider.ts';
import { paths } from '../routes.ts';
import { firstNameOf } from '../text.ts';
import type { ContentOf, MessageDraft, TemplateName } from '../ports.ts';
import type { Composed, Writer } from './blocks.ts';
import { type CopyOf, fill, message, type MessageWording, noted, phrase, text, textsOf, writer } from './copy.ts';

/** The strings several emails share. */
export const commonWording = message('Shared by several emails: greetings, footer lines, how long a reply takes, and the milestone buttons in a provider\'s alert and reminder.', [], {
  greeting: noted('when there is a first name fit to repeat', text('Hi {name},', 'name')),
  greetingNoName: noted('when there is not', text('Hi there,')),
  privacy: noted('footer link of emails to referrers and referees, to the privacy page', text('How we handle your details')),
  forget: noted('footer link of emails to referrers, to the page that erases their name and address', text('Erase my name and address')),
  dashboardLabel: noted('the link to the dashboard in every email to a provider', text('Open your dashboard')),
  oneHour: noted('how long a reply takes: 1 hour, N hours, or N days from 48 hours on', phrase('1 hour')),
  hours: phrase('{hours} hours', 'hours'),
  days: phrase('{days} days', 'days'),
  actions: noted('the milestone buttons in the provider alert and reminder', {
    intro: text('Record how it goes (each link asks you to confirm; the referrer only ever gets a short fixed note):'),
    contacted: text('Contacted'),
    met: text('First meeting held'),
    working: text('Working together'),
    declined: text("Didn't go ahead"),
    'hand-on': text('Hand on to a better-placed peer'),
  }),
});

/** The shared strings as a site has them. */
export type CommonCopy = CopyOf<(typeof commonWording)['words']>;

const builtInCommon: CommonCopy = textsOf(commonWording.words);

/** "24 hours", "2 days": a promised response time as people say it, in pages and emails alike (the built-in words unless given a site's). */
export function formatHours(hours: number, words: Pick<CommonCopy, 'oneHour' | 'hours' | 'days'> = builtInCommon): string {
  if (hours >= 48 && hours % 24 === 0) return fill(words.days, { days: hours / 24 });
  return hours === 1 ? words.oneHour : fill(words.hours, { hours });
}

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

/**
 * What the typed map of every template holds for each (src/lib/domain/emails/index.ts): its
 * wording, its builder (whatever it is given, it answers that template's message, or none), and
 * its composition. Method syntax, and a `never` kit, let each email keep its own precise types.
 */
export type EmailTemplate<T extends TemplateName> = {
  readonly wording: MessageWording;
  build(...args: never[]): MessageDraft<T> | null;
  compose(content: ContentOf<T>, write: never): Composed;
};

/** What composing emails needs from the site: the copy of every message, the site's settings, and where links lead. */
export type Setting = { common: CommonCopy; site: SiteSettings; url: (path: string) => string };

/** The kit for one email with wording `W`, as a site has it (`copy`). */
export function writerFor<W extends MessageWording>(copy: CopyOf<W['words']>, setting: Setting): Writer<W> {
  const { common: words, site, url } = setting;
  const siteValues = { siteName: site.siteName, privacyContact: site.privacyContact };
  const common = writer<(typeof commonWording)['words']>(words, siteValues);
  return {
    speak: (values) => writer<W['words']>(copy, { ...siteValues, ...values }),
    copy,
    url,
    greeting: (name) => ({ kind: 'p', text: name ? common('greeting', { name }) : common('greetingNoName') }),
    greetProvider: (providerName) => ({ kind: 'p', text: common('greeting', { name: firstNameOf(providerName) || providerName }) }),
    from: (providerName, photoPath) => ({ person: providerName, ...(photoPath ? { personPhoto: url(photoPath) } : {}) }),
    dashboard: { kind: 'link', label: common('dashboardLabel'), href: url(paths.dashboard()) },
    actions: (actionsPath) => {
      if (!actionsPath) return [];
      const item = (action: 'contacted' | 'met' | 'working' | 'declined' | 'hand-on'): [string, string] => [common(`actions.${action}`), url(`${actionsPath}?do=${action}`)];
      return [
        { kind: 'p', text: common('actions.intro') },
        { kind: 'actions', items: [item('contacted'), item('met'), item('working'), item('declined'), item('hand-on')] },
      ];
    },
    privacy: { label: common('privacy'), href: url(paths.privacy()) },
    forget: (forgetPath) => (forgetPath ? [{ label: common('forget'), href: url(forgetPath) }] : []),
    stop: (unsubscribe, label) => (unsubscribe ? [{ label, href: url(unsubscribe.pagePath) }] : []),
    hours: (hours) => formatHours(hours, words),
    replyBy: (iso, timeZone) => replyBy(iso, timeZone ?? site.timeZone),
    day: (iso, timeZone) => dayOf(iso, timeZone ?? site.timeZone),
  };
}
