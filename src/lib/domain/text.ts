import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * Invisible characters that change how text around them reads: direction overrides and isolates
 * ("Bob \u202Egnp.exe" shows as "Bob exe.png") and zero-width marks and joiners.
 */
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** The message for text carrying invisible formatting characters. */
const invisibleMessage = (label: string) =>
  `${label} contains invisible formatting characters (such as text-direction marks), often pasted by accident. Please type it again.`;

/** A string field's message when it is missing or not a string: the field's own "required" words, if it has them. */
export const textError = (label: string, required?: string) => (issue: { input?: unknown }) =>
  issue.input === undefined && required ? required : `${label} must be text.`;

/** Text a person types, trimmed and bounded, refusing invisible formatting characters; empty is refused with `required` when given. */
function typedText(label: string, max: number, control: RegExp, controlMessage: string, required?: string) {
  const text = z
    .string({ error: textError(label, required) })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((s) => !control.test(s), controlMessage)
    .refine((s) => !INVISIBLE.test(s), invisibleMessage(label));
  return required ? text.pipe(z.string().min(1, required)) : text;
}

/** A single line a person types (a name, a phone number): trimmed, bounded, no control or invisible characters. */
export const singleLine = (label: string, max: number, required?: string) =>
  typedText(label, max, CONTROL, `${label} must be a single line of text.`, required);

/** Free text over several lines (a message): trimmed, bounded, no control characters but line breaks, no invisible ones. */
export const multiLine = (label: string, max: number, required?: string) =>
  typedText(label, max, CONTROL_EXCEPT_NEWLINES, `${label} contains characters we can't accept.`, required);

/** The part of a person's name they go by first ("Alice" of "Alice van Dijk"). */
export const firstNameOf = (name: string): string => name.trim().split(/\s+/u)[0] ?? '';

/**
 * A first name fit to greet someone with in an email or page that a stranger may have
 * typed: letters (with accents), apostrophes and hyphens, up to 30 characters.
 * Anything else (a URL, digits, symbols) is not repeated to anyone: the caller says "there".
 */
export function greetingName(name: string): string | undefined {
  const first = firstNameOf(name);
  return /^\p{L}[\p{L}\p{M}'’-]{0,29}$/u.test(first) ? first : undefined;
}

/**
 * The referee's first name as a referrer may see it: only with their consent, never once
 * erased, and only while it looks like a name. (A referral's shape, written out: text.ts sits
 * below referral.ts.)
 */
export const sharedFirstName = (referral: { consent: { shareFirstName: boolean }; erasedAt?: string | undefined; referee: { name: string } }): string | undefined =>
  referral.consent.shareFirstName && !referral.erasedAt ? greetingName(referral.referee.name) : undefined;

/** A URL-safe identifier of a provider: lower-case letters, digits and single hyphens. */
export const Slug = z
  .string({ error: textError('Provider', 'Provider is required.') })
  .max(64, 'Provider is too long.')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Provider must be a slug like jane-doe.');
