import { z } from 'zod';
import type { DeclineReason, ReferralKind, Stage } from './stages.ts';
import { fieldMessages, limits, PHONE_PATTERN } from './limits.ts';
import { multiLine, singleLine, Slug, textError } from './text.ts';

/** A referrer's code: the last path segment of their personal link; 128 random bits, base64url. */
export const ReferrerCode = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'That referral link is not valid.');

export { limits } from './limits.ts';

/** An email address as people type it, normalised to lower case for comparisons. */
export const emailAddress = z
  .string({ error: textError('Email', fieldMessages.email.required) })
  .trim()
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.string().min(1, fieldMessages.email.required))
  .pipe(z.email({ error: fieldMessages.email.invalid }));

/** What a referrer sends to ask for their personal link. */
export const ReferrerInput = z.strictObject({
  /** The provider whose link they want. */
  provider: Slug,
  /** Their name; the first word greets the people they refer. */
  name: singleLine('Name', limits.name, fieldMessages.yourName.required),
  /** Where the link is sent; owning this inbox is the verification. */
  email: emailAddress,
});
export type ReferrerInput = z.infer<typeof ReferrerInput>;

/** What a referred person (the referee) sends through the referral form. */
export const ReferralInput = z.strictObject({
  /** The provider they want to hear from. */
  provider: Slug,
  /** The code of the referrer whose link brought them, if any. */
  ref: ReferrerCode.optional(),
  /** Their name. */
  name: singleLine('Name', limits.name, fieldMessages.yourName.required),
  /** Where the provider and the confirmation reach them. */
  email: emailAddress,
  /** Optional phone number. */
  phone: singleLine('Phone', limits.phone)
    .refine((s) => s === '' || new RegExp(`^(?:${PHONE_PATTERN})$`, 'v').test(s), fieldMessages.phone.invalid)
    .optional()
    .transform((s) => (s ? s : undefined)),
  /** What they need help with, for the provider only. */
  message: multiLine('Message', limits.message, fieldMessages.message.required),
  /** Their agreement to be contacted by the provider; required. */
  consent: z.literal(true, { error: fieldMessages.consent.required }),
  /** Whether the referrer may be told their first name. */
  shareFirstName: z.boolean({ error: 'shareFirstName must be true or false.' }).default(false),
});
export type ReferralInput = z.infer<typeof ReferralInput>;

/** A referrer as stored: created when they first ask for a link. */
export type Referrer = {
  code: string;
  provider: string;
  name: string;
  email: string;
  createdAt: string;
};

/** What a verified referrer sends to introduce someone directly: an introduction, where the referrer vouches and the referee is told. */
export const IntroductionInput = z.strictObject({
  /** The signed key of the referrer's own page, from their link email: proves who introduces. */
  key: z.string({ error: 'This introduction form has expired; open it again from your link email.' }).max(600),
  /** The name of the person introduced. */
  name: singleLine('Name', limits.name, fieldMessages.theirName.required),
  /** Their address: they are told at once and can decline. */
  email: emailAddress,
  /** Why the referrer thinks the provider can help, in a sentence or two; goes to the provider only, never to the person introduced. */
  context: multiLine('Context', limits.context, fieldMessages.context.required),
  /** The referrer confirms that the person knows and expects to hear from the provider. */
  expected: z.literal(true, { error: fieldMessages.expected.required }),
});
export type IntroductionInput = z.infer<typeof IntroductionInput>;

/** One recorded step of a referral's life, for the dashboard's history. */
export type StageChange = { stage: Stage; at: string; by: 'provider' | 'referee' };

/** A referral as stored. */
export type Referral = {
  id: string;
  provider: string;
  kind: ReferralKind;
  /** The referrer's code, when the referral came through a personal link. */
  referrer?: string;
  referee: { name: string; email: string; phone?: string; message: string };
  consent: { contact: true; shareFirstName: boolean };
  /** The referee gave the referrer's own address: recorded, but earns no thank-you. */
  selfReferral: boolean;
  /** Whether the referrer is thanked: not for a self-referral, nor past the daily cap of their link. */
  thankReferrer: boolean;
  stage: Stage;
  /** Why it did not go ahead, when `stage` is `declined`. */
  reason?: DeclineReason;
  /** When the provider first recorded contact (or a later stage). */
  contactedAt?: string;
  history: StageChange[];
  /** The partner offered while `stage` is `handoff-proposed`. */
  handoff?: { partner: string; proposedAt: string };
  /** The referral the partner received once the referee accepted a hand-off. */
  handedOnTo?: { provider: string; referral: string };
  /** The provider who handed this referral on, and their referral. */
  handedOnFrom?: { provider: string; referral: string };
  /** A provider who sent this referral (through their own personal link), for the reciprocity ledger. */
  fromProvider?: string;
  /** When the referee's personal data was erased; `referee` then holds placeholders. */
  erasedAt?: string;
  createdAt: string;
  updatedAt: string;
};

/** What a referrer has chosen to stop (stored by records/referrer-preferences.ts). No record: everything is on. */
export type ReferrerPreferences = {
  /** Milestone notes ("now working together"). */
  notes: boolean;
  /** The single thank-you per referral; stopped only when they stop everything. */
  thanks: boolean;
  /** When they last changed it, ISO 8601; absent while nothing was ever stopped. */
  at?: string;
};
