import type { FieldErrors, UseCaseError } from '../domain/errors.ts';
import type { Result } from '../domain/result.ts';
import { readInput, type RequestProblem } from './read-input.ts';

/** The one map from use-case error codes to HTTP statuses. */
export const statusOf: Record<UseCaseError['code'], number> = {
  invalid_input: 422,
  unknown_provider: 404,
  unavailable: 503,
  not_found: 404,
  expired: 410,
  used: 410,
  invalid_transition: 409,
  not_configured: 503,
  too_many: 429,
  refused: 409,
};

type WithMessage = Extract<UseCaseError, { message: string }>['code'];

const messages: Record<Exclude<UseCaseError['code'], 'invalid_input' | WithMessage>, string> = {
  unknown_provider: 'There is no such provider on this site.',
  unavailable: 'We could not save that just now, and nothing was sent. Please try again in a minute.',
  not_found: 'That link is not valid, or what it pointed to no longer exists.',
  expired: 'That link has expired. Ask for a new one, or sign in to your dashboard.',
  used: 'That sign-in link has been used already. Ask for a new one.',
  not_configured: 'This site is not set up for that yet: its VOUCH_SECRET is missing.',
};

/** A sentence a person can read for a use-case error other than invalid input. */
export const messageOf = (error: Exclude<UseCaseError, { code: 'invalid_input' }>): string =>
  'message' in error ? error.message : messages[error.code];

/** What a submission came to, for a function to answer in JSON and a page in HTML; `code: 'ignored'` is a bot's post, answered as if it worked. */
export type Outcome<T> =
  | { ok: true; value: T; form: boolean }
  | {
      ok: false;
      status: number;
      code: string;
      message: string;
      fieldErrors: FieldErrors;
      form: boolean;
      /** What was typed, to show again next to the errors (strings only). */
      values: Record<string, string | boolean>;
    };

/** Reads a submission, runs one use case on it, and says how it went; never throws for bad input. */
export async function handleSubmission<T>(
  req: Request,
  run: (fields: Record<string, unknown>) => Promise<Result<T, UseCaseError>>,
  options: {
    checkboxes?: readonly string[];
    /** Looks at the fields before the use case: passes them on (maybe fewer), or answers instead. */
    screen?: (fields: Record<string, unknown>) => { fields: Record<string, unknown> } | Extract<Outcome<never>, { ok: false }>;
  } = {},
): Promise<Outcome<T>> {
  const read = await readInput(req, options);
  if (!read.ok) return refused(read.problem);
  let { fields } = read.input;
  const { form } = read.input;
  if (options.screen) {
    const screened = options.screen(fields);
    if ('ok' in screened) return screened;
    fields = screened.fields;
  }
  const result = await run(fields);
  if (result.ok) return { ok: true, value: result.value, form };
  const error = result.error;
  const values = typedValues(fields);
  if (error.code === 'invalid_input') {
    const message = error.formErrors[0] ?? 'Please check the highlighted fields.';
    return { ok: false, status: 422, code: error.code, message, fieldErrors: error.fieldErrors, form, values };
  }
  return { ok: false, status: statusOf[error.code], code: error.code, message: messageOf(error), fieldErrors: {}, form, values };
}

function refused(problem: RequestProblem): Outcome<never> {
  return { ok: false, ...problem, fieldErrors: {}, form: false, values: {} };
}

export function typedValues(fields: Record<string, unknown>): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string' || typeof value === 'boolean') values[name] = value;
  }
  return values;
}

/** The JSON body of a refused submission: a code, a message a person can read, and per-field messages. */
export function errorBody(outcome: Extract<Outcome<unknown>, { ok: false }>) {
  return {
    error: {
      code: outcome.code,
      message: outcome.message,
      ...(Object.keys(outcome.fieldErrors).length > 0 ? { fields: outcome.fieldErrors } : {}),
    },
  };
}

/** A JSON response that no cache keeps. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
