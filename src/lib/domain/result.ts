/** A use case's answer: a value, or a named error. Errors are values, never thrown. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a successful value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/** Wraps a named error. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });
