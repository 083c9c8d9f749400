import type { z } from 'zod';

/** Per-field messages, as the forms show them next to each field. */
export type FieldErrors = Record<string, string[]>;

/** What can go wrong in a use case, by name; `statusOf` in src/lib/http/submission.ts maps each to a status. */
export type UseCaseError =
  | { code: 'invalid_input'; fieldErrors: FieldErrors; formErrors: string[] }
  | { code: 'unknown_provider' }
  | { code: 'unavailable' }
  /** No such referral or link for whoever asks: forged, for another provider, or erased. */
  | { code: 'not_found' }
  /** A genuine link past its lifetime. */
  | { code: 'expired' }
  /** A single-use link used already. */
  | { code: 'used' }
  /** The step cannot follow the referral's stage; the message says why. */
  | { code: 'invalid_transition'; message: string }
  /** A feature needs a setting the site does not have (VOUCH_SECRET). */
  | { code: 'not_configured' }
  /** A daily limit is reached; the message says which and until when. */
  | { code: 'too_many'; message: string }
  /** Not done, for a reason the message gives without saying anything about another person. */
  | { code: 'refused'; message: string };

/**
 * Turns zod issues into a field-error map, one readable message per problem. Parse with
 * `{ reportInput: true }`: without the input, zod 4 issues cannot tell a missing field from a wrong type.
 */
export function invalidInput(error: z.ZodError): Extract<UseCaseError, { code: 'invalid_input' }> {
  const fieldErrors: FieldErrors = {};
  const formErrors: string[] = [];
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (issue.code === 'unrecognized_keys') {
      formErrors.push(`Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.slice(0, 5).join(', ')}.`);
    } else if (typeof field === 'string') {
      // A field's own words for a missing value come from its schema; zod's generic text becomes "<Field> is required.".
      const message =
        issue.code === 'invalid_type' && issue.input === undefined && issue.message.startsWith('Invalid input') ? requiredMessage(field) : issue.message;
      (fieldErrors[field] ??= []).push(message);
    } else {
      formErrors.push(issue.code === 'invalid_type' ? 'Send the fields as a JSON object.' : issue.message);
    }
  }
  return { code: 'invalid_input', fieldErrors, formErrors };
}

const requiredMessage = (field: string): string => `${label(field)} is required.`;

const label = (field: string): string => field.charAt(0).toUpperCase() + field.slice(1);

/** An unexpected error as a log line may show it: its name and message, never a stack or a value it carries. */
export const errorSummary = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');

/**
 * A repeat of a submission that another request claimed, when storage failed before this one
 * could find what that request stored: it may well be stored, so "nothing was stored" would
 * not be true.
 */
export class AlreadySubmitted extends Error {
  override name = 'AlreadySubmitted';
}

/** What a person who sent the same thing twice is told when `AlreadySubmitted` is thrown. */
export const ALREADY_SUBMITTED_MESSAGE =
  'This was already sent a moment ago. If no confirmation reaches you by email within a few minutes, please send it again.';
