import type { UseCaseError } from '../domain/errors.ts';
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
  Object.keys(outcome.fieldErrors).length > 0 ? 'Please check the fields marked below.' : outcome.message;

/**
 * Handles a plain HTML form post (the no-JavaScript path) on a page: the bot guard, then
 * the use case. A bot gets `ignored` (the page answers as if it worked); a post faster
 * than a person gets a polite "send again" with everything typed kept.
 */
export function handleFormPost<T>(
  req: Request,
  run: (fields: Record<string, unknown>) => Promise<Result<T, UseCaseError>>,
  options: { env: Env; now: Date; checkboxes?: readonly string[] },
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
      if (guarded.verdict === 'stale') {
        return {
          ...common,
          status: 422,
          code: 'stale_form',
          message: 'This form was open for a long time. Please check your details and press Send again.',
          // No stamp goes back: the page shows the form with a fresh one.
          values: typedValues(guarded.fields),
        };
      }
      return {
        ...common,
        status: 422,
        code: 'too_fast',
        message: 'Thank you! Please check your details once more and press Send again.',
        // The stamp goes back with the form, so that pressing Send again a moment later passes.
        values: typedValues({ ...guarded.fields, [STAMP_FIELD]: fields[STAMP_FIELD] }),
      };
    },
  });
}
