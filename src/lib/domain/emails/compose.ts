// The shape of an email's composition: the kit it is handed (`Writer`, built by common.ts's
// `writerFor`), what it answers, and what the map of every template holds. Types only, so that an
// email's own file stands on them without importing what builds the kit.
import type { ContentOf, MessageDraft, TemplateName, Unsubscribe } from '../ports.ts';
import type { Block, Composed, FooterLine } from './blocks.ts';
import type { CopyOf, MessageWording, Say, Values } from './copy.ts';

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
  stop: (unsubscribe: Unsubscribe | undefined, label: string) => FooterLine[];
  /** A promised response time in the site's words. */
  hours: (hours: number) => string;
  /** The reply-by time in a provider's time zone, else the site's. */
  replyBy: (iso: string, timeZone: string | undefined) => string;
  /** A day in a provider's time zone, else the site's. */
  day: (iso: string, timeZone: string | undefined) => string;
};

/** An email's composition: which of its strings, and which blocks, for its content. */
export type Compose<T extends TemplateName, W extends MessageWording> = (content: ContentOf<T>, write: Writer<W>) => Composed;

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
