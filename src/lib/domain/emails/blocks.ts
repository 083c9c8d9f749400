// What an email is made of once composed, before any markup: blocks of text, links and buttons,
// and footer lines. src/lib/email/layout.ts renders them to HTML (React Email) and plain text.

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
