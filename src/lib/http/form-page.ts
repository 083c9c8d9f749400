import type { z } from 'zod';
import { invalidInput, type UseCaseError } from '../domain/errors.ts';
import type { Result } from '../domain/result.ts';
import { getSite } from '../content/site.ts';
import type { Env } from '../env.ts';
import { guardForm, STAMP_FIELD, stampFor, stampFresh, stampTime } from './form-guard.ts';
import { handleSubmission, type Outcome, typedValues } from './submission.ts';

const DEFAULT_MIN_SECONDS = 3;

// Without VOUCH_SECRET the stamp still stops bots that post at once, but one that reads the page could forge it.
const secretOf = (env: Env): string => env.VOUCH_SECRET ?? `vouch-unsigned:${getSite().baseUrl}`;

/**
 * The signed "shown at" stamp an HTML form carries: the one it was posted with, when that
 * is genuine and still fresh (so that a person asked to send again is not reset to zero), or a new one.
 */
export function formStamp(env: Env, now: Date, posted?: Record<string, unknown>): string {
  const previous = posted?.[STAMP_FIELD];
  const secret = secretOf(env);
  const shown = stampTime(previous, secret);
  return shown === null || !stampFresh(shown, now) ? stampFor(now, secret) : (previous as string);
}

/** The message above a form shown again: a pointer to the fields when they carry errors, else the outcome's own. */
export const summaryOf = (outcome: Extract<Outcome<unknown>, { ok: false }>): string =>
  !GUARD_ANSWERS.has(outcome.code) && Object.keys(outcome.fieldErrors).length > 0 ? 'Please check the fields marked below.' : outcome.message;

/** The bot guard's own answers: their sentence says what happened, whatever the fields hold. */
const GUARD_ANSWERS = new Set(['too_fast', 'stale_form']);

/** What a post faster than a person is told: nothing was sent, and how to send it. */
export const TOO_FAST_MESSAGE = 'Nothing was sent yet: that was quicker than we expect from a person. Please check your details and press Send again.';

/**
 * Handles a plain HTML form post (the no-JavaScript path) on a page: the bot guard, then
 * the use case. A bot gets `ignored` (the page answers as if it worked); a post faster
 * than a person is asked to press Send again, with everything typed kept and the mistakes
 * of its fields (by the use case's `schema`) already shown.
 */
export function handleFormPost<T>(
  req: Request,
  run: (fields: Record<string, unknown>) => Promise<Result<T, UseCaseError>>,
  options: { env: Env; now: Date; schema: z.ZodType; checkboxes?: readonly string[] },
): Promise<Outcome<T>> {
  return handleSubmission(req, run, {
    ...(options.checkboxes ? { checkboxes: options.checkboxes } : {}),
    screen: (fields) => {
      const guarded = guardForm(fields, {
        now: options.now,
        secret: secretOf(options.env),
        minSeconds: options.env.FORM_MIN_SECONDS ?? DEFAULT_MIN_SECONDS,
      });
      if (guarded.verdict === 'person') return { fields: guarded.fields };
      const common = { ok: false as const, fieldErrors: {}, form: true };
      if (guarded.verdict === 'bot') return { ...common, status: 303, code: 'ignored', message: '', values: {} };
      const parsed = options.schema.safeParse(guarded.fields, { reportInput: true });
      const fieldErrors = parsed.success ? {} : invalidInput(parsed.error).fieldErrors;
      if (guarded.verdict === 'stale') {
        return {
          ...common,
          fieldErrors,
          status: 422,
          code: 'stale_form',
          message: 'This form was open for a long time, so nothing was sent yet. Please check your details and press Send again.',
          // No stamp goes back: the page shows the form with a fresh one.
          values: typedValues(guarded.fields),
        };
      }
      return {
        ...common,
        fieldErrors,
        status: 422,
        code: 'too_fast',
        message: TOO_FAST_MESSAGE,
        // The stamp goes back with the form, so that pressing Send again a moment later passes.
        values: typedValues({ ...guarded.fields, [STAMP_FIELD]: fields[STAMP_FIELD] }),
      };
    },
  });
}
