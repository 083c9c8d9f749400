// What an email is made of once composed, before any markup: blocks of text, links and buttons,
// and footer lines, which src/lib/email/layout.ts renders to HTML (React Email) and plain text;
// and the kit a composition is handed (`Writer`, built by common.ts's `writerFor`). Types, and
// the names of copy's: an email's own file stands on this without importing what builds the kit.
import type { CopyOf, MessageWording, Say, Values } from './copy.ts';

/** The parts an email is made of; each renders to both HTML and plain text. */
export type Block =
  | { kind: 'p'; text: string }
  /** The one main action of an email, as a bulletproof button. */
  | { kind: 'button'; label: string; href: string }
  | { kind: 'link'; label: string; href: string }
  /** Label and value rows; a value with `href` (mailto:, tel:) is a link. */
  | { kind: 'facts'; rows: [label: string, value: string, href?: string][] }
  | { kind: 'quote'; text: string }
  /** A short list of links, each with a label. */
  | { kind: 'links'; items: [label: string, href: string][] }
  /** Several actions of equal weight (a provider's milestones), each a button of its own. */
  | { kind: 'actions'; items: [label: string, href: string][] };

/** A line of the footer: plain text, or a link (such as "Stop these notes"). */
export type FooterLine = string | { label: string; href: string };

/** A composed email before layout; `person` is the provider it comes from, shown by their photo or initials. */
export type Composed = { subject: string; preheader: string; blocks: Block[]; footer: FooterLine[]; person?: string; personPhoto?: string };

/** A provider's photo as an email may show it: its path for a JPEG or PNG (mail clients show no WebP or AVIF). */
export const emailPhotoOf = (provider: { photo?: { src: string } | undefined }): string | undefined =>
  provider.photo && /\.(?:jpe?g|png)$/i.test(provider.photo.src) ? provider.photo.src : undefined;

/** What composing one email is handed: its own strings, and the pieces every email shares. */
export type Writer<W extends MessageWording> = {
  /** This email's strings, with the site's placeholders and its message's (`values`) filled in. */
  speak: (values: Values<W['vars'][number]>) => Say<W['words']>;
  /** This email's strings as the site has them, unfilled: phrases that become another string's value. */
  copy: CopyOf<W['words']>;
  /** The absolute URL of a path of the site. */
  url: (path: string) => string;
  /** "Hi Alice," or, without a name fit to repeat, "Hi there,". */
  greeting: (name: string | undefined) => Block;
  /** A provider is greeted by the first word of their name. */
  greetProvider: (providerName: string) => Block;
  /** The brand block's person: the provider an email to a referrer or referee comes from, by their photo (a path) or initials. */
  from: (providerName: string, photoPath: string | undefined) => Pick<Composed, 'person' | 'personPhoto'>;
  /** The link to a provider's dashboard, where every referral and its state is. */
  dashboard: Block;
  /** The milestone buttons of a provider's email, each opening a page that asks to confirm; none without a signed path. */
  actions: (actionsPath: string | undefined) => Block[];
  /** The footer link to the privacy notice. */
  privacy: FooterLine;
  /** The footer link to a referrer's erasure page, when there is one. */
  forget: (forgetPath: string | undefined) => FooterLine[];
  /** The footer link to a referrer's unsubscribe page (which asks what to stop: a GET changes nothing), when there is one. */
  stop: (unsubscribe: { pagePath: string } | undefined, label: string) => FooterLine[];
  /** A promised response time in the site's words. */
  hours: (hours: number) => string;
  /** The reply-by time in a provider's time zone, else the site's. */
  replyBy: (iso: string, timeZone: string | undefined) => string;
  /** A day in a provider's time zone, else the site's. */
  day: (iso: string, timeZone: string | undefined) => string;
};

/** An email's composition: which of its strings, and which blocks, for its content (`C`, the template's `ContentOf`). */
export type Compose<C, W extends MessageWording> = (content: C, write: Writer<W>) => Composed;
