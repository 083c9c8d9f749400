import { z } from 'zod';
import { INTRODUCTIONS_PER_DAY } from './limits.ts';
import { Slug } from './text.ts';
import { WebhookEndpoint } from './webhook-endpoint.ts';

/** One of the three steps of getting in touch, on a provider's page. */
export const ProviderStep = z.strictObject({
  /** The step in a few words, e.g. "A call within a day". */
  title: z.string().trim().min(1).max(48),
  /** One sentence on what happens. */
  text: z.string().trim().min(1).max(160),
});

/** An IANA time zone the runtime knows, e.g. "Europe/London"; times in emails are shown in it. */
export const TimeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return zone.length > 0 && zone.length <= 64;
    } catch {
      return false;
    }
  },
  { error: (issue) => `must be an IANA time zone such as "Europe/London" or "America/New_York" (not ${JSON.stringify(issue.input)})` },
);

/**
 * A provider's page, as written in the frontmatter of `content/providers/<slug>.md`.
 * The Markdown body below the frontmatter is the story told on their page.
 */
export const Provider = z.strictObject({
  /** Full name as clients know them, e.g. "Jane Okafor". */
  name: z.string().trim().min(1).max(80),
  /** Their trade in a few words, shown in the directory, e.g. "Independent financial adviser". */
  profession: z.string().trim().min(1).max(80),
  /** One sentence under the name: what they do and for whom. */
  headline: z.string().trim().min(1).max(160),
  /** Who they help best, in their own words; referrers reuse it when they share the page. */
  helpsBest: z.string().trim().min(1).max(400),
  /** Who they are not the right person for, so that referrers send the right people. */
  notRightFor: z.string().trim().min(1).max(400),
  /** What they offer, one short phrase each. */
  services: z.array(z.string().trim().min(1).max(100)).min(1).max(12),
  /** Where they work: a town, a region, or "Remote". */
  location: z.string().trim().min(1).max(80),
  /**
   * Optional portrait: an image file in `content/photos/` and its description. The page shows it
   * resized to AVIF and WebP (Astro's image pipeline); it is also published as it is at `src`
   * for link previews. A square photo of at least 480 × 480 px works best.
   */
  photo: z
    .strictObject({
      /** Where the image is: "/photos/jane.jpg" is the file `content/photos/jane.jpg`. */
      src: z.string().regex(/^\/photos\/[\w.-]+\.(?:jpe?g|png|webp|avif)$/i, 'must be a path like /photos/jane.jpg (a file in content/photos/)'),
      /** What the photo shows, for people who cannot see it. */
      alt: z.string().trim().min(1).max(200),
    })
    .optional(),
  /** Hours within which they promise to contact someone who was referred (1 to 336). */
  responseHours: z.number().int().min(1).max(336),
  /** Their IANA time zone, e.g. "Europe/Paris": reply-by times in their emails are shown in it. Defaults to `timeZone` in content/site.json. */
  timeZone: TimeZone.optional(),
  /** Addresses that receive referral alerts; never shown on the site. */
  notify: z.array(z.email()).min(1).max(5),
  /**
   * Whether anyone is paid for referrals: `none` (the default: the page says no one is), or a
   * disclosed arrangement, `{ disclosed: "…" }`, shown on the page as a plain disclosure (who is
   * paid what), never as an offer. See `rewardOffers`: text that offers a reward for referring
   * is refused unless an arrangement is disclosed.
   */
  referralFees: z
    .union([z.literal('none'), z.strictObject({ disclosed: z.string().trim().min(1).max(300) })], {
      error: 'must be none, or a disclosed arrangement written as disclosed: "…" (who is paid what for a referral)',
    })
    .default('none'),
  /** Slugs of trusted peers in `content/providers/` whom they may hand people on to. */
  partners: z.array(Slug).max(12).default([]),
  /** Optional qualifications and memberships, one short phrase each, e.g. "Chartered Financial Planner (CII)". */
  credentials: z.array(z.string().trim().min(1).max(80)).max(6).optional(),
  /**
   * Optional entry in a public register that people can check, e.g. the FCA's Financial
   * Services Register. Shown with a link to the entry when `url` is given.
   */
  registration: z
    .strictObject({
      /** Who keeps the register, e.g. "Financial Conduct Authority". */
      body: z.string().trim().min(1).max(80),
      /** The provider's number in that register, e.g. "123456" or "SC123456". */
      number: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]{0,29}$/, 'must be a register number like 123456 (letters, digits, spaces, . / -)'),
      /** The public page of that entry, so that anyone can check it (https). */
      url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).max(300).optional(),
    })
    .optional(),
  /**
   * Optional words from clients, shown on the page only with their consent: `consentedOn` is
   * the day the client agreed to this quote, with this first name and context, being published.
   */
  testimonials: z
    .array(
      z.strictObject({
        /** The client's words, as they agreed them. */
        quote: z.string().trim().min(1).max(400),
        /** The client's first name only (or initials), e.g. "Priya" or "M. K.". */
        firstName: z.string().trim().regex(/^[\p{L}][\p{L}\p{M}'’. -]{0,29}$/u, 'must be a first name or initials (letters, spaces, apostrophes, hyphens, dots; at most 30)'),
        /** A few words of context, e.g. "Client since 2019, retirement planning". */
        context: z.string().trim().min(1).max(80),
        /** The day the client agreed to be quoted, as YYYY-MM-DD: no quote is shown without it. */
        consentedOn: z.iso.date({ error: 'must be the day the client agreed, as YYYY-MM-DD' }),
      }),
    )
    .max(6)
    .optional(),
  /**
   * Optional: how getting in touch goes, as exactly three short steps, e.g. "Tell Jane what you
   * need" / "A call within a day" / "A free first meeting". Without it, the page shows three
   * steps written from `responseHours`.
   */
  steps: z.tuple([ProviderStep, ProviderStep, ProviderStep], { error: 'must be exactly three steps, each with a title and a text' })
    .optional(),
  /** Optional booking page (Cal.com, Calendly or the like, https) for people who would rather pick a time themselves. */
  bookingUrl: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).max(300).optional(),
  /**
   * Optional: where their referral events go as signed webhooks (Standard Webhooks), e.g. a Zapier,
   * Make or n8n "catch webhook" trigger or their CRM: `url` (https, public) and `secretVariable`, the
   * name of the environment variable holding the whsec_… secret (never the secret). README "Webhooks".
   */
  webhook: WebhookEndpoint.optional(),
});
export type Provider = z.infer<typeof Provider>;

/** A provider with the slug taken from its file name. */
export type ProviderEntry = Provider & { slug: string };

/** How long personal data is kept (README "Retention", the privacy page). */
export const Retention = z
  .strictObject({
    /** Days a referral that never progressed (new, hand-off offered, didn't go ahead, declined) keeps the referee's details. */
    unprogressedDays: z.number().int().min(7).max(3650).default(180),
    /** Days any referral keeps the referee's details, however far it went. */
    allDays: z.number().int().min(7).max(3650).default(730),
  })
  .refine((r) => r.allDays >= r.unprogressedDays, { error: 'allDays must be at least unprogressedDays', path: ['allDays'] });
export type Retention = z.infer<typeof Retention>;

/** Site-wide settings, from `content/site.json`. */
export const SiteSettings = z.strictObject({
  /** The name people see in the header and in every email, e.g. "Northside Referrals". */
  siteName: z.string().trim().min(1).max(60),
  /** One sentence on what this site is, for the directory page and search results. */
  description: z.string().trim().min(1).max(200),
  /** The public address of the deployed site, e.g. "https://referrals.example.com". */
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  /** The From of every email, e.g. "Northside Referrals <hello@example.com>"; its domain must be verified in Resend. */
  sender: z
    .string()
    .trim()
    .regex(/^(?:[^<>\r\n]{1,80} <[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'must be "Name <address@domain>" or an address'),
  /** The accent colour of pages and emails, as #rrggbb. */
  brandColour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb'),
  /** The time zone of times in emails to a provider who sets none, e.g. "Europe/London" (IANA). */
  timeZone: TimeZone.default('UTC'),
  /** Optional logo beside the site name in emails: a PNG, JPEG or GIF under `public/` (e.g. "/logo.png"), about 64 px square. */
  logo: z
    .string()
    .regex(/^\/[\w./-]+\.(?:png|jpe?g|gif)$/i, 'must be a path like /logo.png (PNG, JPEG or GIF: mail clients do not show SVG)')
    .optional(),
  /** Where people write about their data (erasure, questions). */
  privacyContact: z.email(),
  /** How long referees' details are kept; defaults to 180 days for referrals that never progressed, 730 for all. */
  retention: Retention.default({ unprogressedDays: 180, allDays: 730 }),
  /** How many people one referrer may introduce in a day (each is emailed unasked, so keep it small); default 3. */
  introductionsPerDay: z.number().int().min(1).max(50).default(INTRODUCTIONS_PER_DAY),
});
export type SiteSettings = z.infer<typeof SiteSettings>;

/**
 * What offers a reward for referring: vouchers, cash, gift cards, a discount or a bonus for
 * referring, "get paid", or an amount of money within a few words of referring. Referrals here
 * are recommendations between people, not a scheme: such words need a disclosed arrangement
 * (`referralFees: { disclosed }`), and even then they are shown as a disclosure, never an offer.
 * A price on its own ("£50 initial consultation") is no reward.
 */
const REWARD_PATTERNS: readonly RegExp[] = [
  /\b(?:gift\s*(?:card|voucher)s?|vouchers?|cash\s*back|cash\s+(?:reward|bonus|prize)s?)\b/iu,
  /\bget\s+paid\b|\bearn\s+(?:money|cash|rewards?|points)\b/iu,
  /\b(?:reward|bonus|discount|commission|kickback|thank-you\s+gift)s?\s+(?:for|on|per|when)\s+(?:\w+\s+){0,3}(?:refer|referral|referring|friend|introduc)/iu,
  /\b(?:refer|referral|referring|introduc\w*)\b(?:\W+\w+){0,8}?\W+(?:get|earn|receive|win|enjoy|claim)\b(?:\W+\w+){0,4}?\W+(?:[£$€]|\d+\s*(?:%|percent|pounds|dollars|euros))/iu,
  /(?:[£$€]\s?\d[\d,.]*|\d[\d,.]*\s?(?:%|pounds|dollars|euros))(?:\W+\w+){0,8}?\W+(?:refer|referral|referring|referred|friend|introduc)/iu,
  /\b(?:referral|referring)\s+(?:bonus|bonuses|rewards?|incentives?|gifts?|prizes?)\b/iu,
];

/** The phrase of `text` that offers a reward for referring, if any. */
export function rewardOffer(text: string): string | undefined {
  for (const pattern of REWARD_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return match[0].replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

/**
 * The fields of a provider's content that offer a reward for referring (see `rewardOffer`), as
 * [field, phrase]: any at all when no arrangement is disclosed; and the disclosure itself when it
 * reads as an offer (a call to action rather than who is paid what).
 */
export function rewardOffers(provider: Provider, body = ''): [string, string][] {
  const found: [string, string][] = [];
  const disclosed = provider.referralFees !== 'none';
  if (!disclosed) {
    const fields: [string, string][] = [
      ['headline', provider.headline],
      ['helpsBest', provider.helpsBest],
      ['notRightFor', provider.notRightFor],
      ...provider.services.map((service, i): [string, string] => [`services.${i}`, service]),
      ...(provider.steps ?? []).flatMap((step, i): [string, string][] => [[`steps.${i}.title`, step.title], [`steps.${i}.text`, step.text]]),
      ['(the page text below the frontmatter)', body],
    ];
    for (const [field, text] of fields) {
      const offer = rewardOffer(text);
      if (offer) found.push([field, offer]);
    }
  } else if (provider.referralFees !== 'none') {
    const cta = /\b(?:refer a friend|refer your|refer someone|recommend a friend)\b|!/iu.exec(provider.referralFees.disclosed);
    if (cta) found.push(['referralFees.disclosed', cta[0]]);
  }
  return found;
}

/** Looks up providers from content; the only source of a provider's addresses. */
export interface Directory {
  get(slug: string): ProviderEntry | undefined;
  /** The providers that list an address among their notification addresses (compared case-blind). */
  byAddress(email: string): ProviderEntry[];
}
