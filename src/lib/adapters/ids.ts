import { createHash, randomBytes } from 'node:crypto';
import type { Ids } from '../domain/ports.ts';
import type { Clock } from '../domain/time.ts';

/** Random identifiers from the platform's CSPRNG. */
export function createIds(clock: Clock): Ids {
  return {
    // Time first so that listings sort by age; 80 random bits make it unique.
    referralId: () => `${clock.now().getTime().toString(36).padStart(9, '0')}${randomBytes(10).toString('hex')}`,
    referrerCode: () => randomBytes(16).toString('base64url'),
    digest: (value) => createHash('sha256').update(value).digest('hex'),
    random: () => randomBytes(6).readUIntBE(0, 6) / 2 ** 48,
    nonce: () => randomBytes(16).toString('base64url'),
  };
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
