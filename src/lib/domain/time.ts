/** Time, injected so that use cases are testable. */
export interface Clock {
  now(): Date;
}

/** A day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The day (since the epoch, UTC) a time falls in: the bucket of the once-a-day rules. */
export const dayOf = (time: number): number => Math.floor(time / DAY_MS);

/** When a referral was made, from its id (9 base-36 characters of time first). */
export const referralTime = (id: string): number => parseInt(id.slice(0, 9), 36);

/** When a provider promised to respond to a referral by: its time plus their promised hours. */
export const respondByOf = (referral: { createdAt: string }, provider: { responseHours: number }): Date =>
  new Date(Date.parse(referral.createdAt) + provider.responseHours * 3_600_000);
