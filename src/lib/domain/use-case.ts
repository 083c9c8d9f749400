import type { z } from 'zod';
import { ALREADY_SUBMITTED_MESSAGE, AlreadySubmitted, invalidInput, type UseCaseError } from './errors.ts';
import { StorageUnavailable } from './ports.ts';
import { err, type Result } from './result.ts';

type Outcome<T> = Promise<Result<T, UseCaseError>>;

/**
 * Runs a step of a use case and answers what a storage failure means to the person who asked:
 * `unavailable` ("please try again"), or for a repeated submission that could not find the
 * first, `refused` with a sentence that does not claim nothing was stored.
 */
export function storageGuarded<Args extends unknown[], T>(run: (...args: Args) => Outcome<T>): (...args: Args) => Outcome<T> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (error instanceof AlreadySubmitted) return err({ code: 'refused', message: ALREADY_SUBMITTED_MESSAGE });
      if (error instanceof StorageUnavailable) return err({ code: 'unavailable' });
      throw error;
    }
  };
}

/**
 * A use case that takes what a person sent (its last argument, as received): parsed by
 * `schema` first, a field error per problem otherwise, then run with the parsed value and
 * guarded as `storageGuarded` says. A use case about something already resolved (a referral a
 * link is bound to) takes that as its middle argument.
 */
export function useCase<Schema extends z.ZodType, Deps, T>(
  schema: Schema,
  run: (deps: Deps, input: z.output<Schema>) => Outcome<T>,
): (deps: Deps, raw: unknown) => Outcome<T>;
export function useCase<Schema extends z.ZodType, Deps, Context, T>(
  schema: Schema,
  run: (deps: Deps, context: Context, input: z.output<Schema>) => Outcome<T>,
): (deps: Deps, context: Context, raw: unknown) => Outcome<T>;
export function useCase<Schema extends z.ZodType, T>(schema: Schema, run: (...args: unknown[]) => Outcome<T>) {
  const guarded = storageGuarded(run);
  return async (...args: unknown[]): Outcome<T> => {
    const parsed = schema.safeParse(args[args.length - 1], { reportInput: true });
    if (!parsed.success) return err(invalidInput(parsed.error));
    return guarded(...args.slice(0, -1), parsed.data);
  };
}
