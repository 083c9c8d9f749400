import { z } from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_EXCEPT_NEWLINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** A single line a person types (a name, a phone number): trimmed, bounded, no control characters. */
export const singleLine = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((s) => !CONTROL.test(s), `${label} must be a single line of text.`);

/** Free text over several lines (a message): trimmed, bounded, no control characters but line breaks. */
export const multiLine = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max} characters.`)
    .refine((s) => !CONTROL_EXCEPT_NEWLINES.test(s), `${label} contains characters we can't accept.`);

/** An email address as people type it, normalised to lower case for comparisons. */
export const emailAddress = z
  .string({ error: 'Email must be text.' })
  .trim()
  .max(254, 'Email must be at most 254 characters.')
  .pipe(z.email({ error: 'Enter an email address like name@example.com.' }));

/** The lower-cased form of an address, used to compare and to key records. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

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

/** A URL-safe identifier of a provider: lower-case letters, digits and single hyphens. */
export const Slug = z
  .string({ error: 'Provider must be text.' })
  .max(64, 'Provider is too long.')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Provider must be a slug like jane-doe.');
