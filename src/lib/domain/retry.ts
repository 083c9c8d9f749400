/** Attempts before a message is dead-lettered: with the delays below, about four hours of trying, inside Resend's 24-hour idempotency window. */
export const MAX_ATTEMPTS = 8;

const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 60 * 60_000;

/**
 * When to try a failed message again: exponential backoff from one minute, capped at an
 * hour, with ±20 % jitter so that many failures do not retry in step; never sooner than
 * the mail API's `retry-after`.
 */
export function retryDelayMs(attempts: number, random: number, retryAfterSeconds?: number): number {
  const exponential = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
  const jittered = Math.round(exponential * (0.8 + 0.4 * random));
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

/**
 * Failures that wait rather than count towards dead-lettering: with no key configured,
 * nothing was tried, and the message must wait until a key is set.
 */
export const WAITING_CODES = new Set(['not_configured']);

/** How often a waiting message is looked at again. */
export const WAITING_DELAY_MS = 15 * 60_000;
