// A Mailer that records what it was asked to send and answers as told: success by
// default, or a named failure for the next sends.
import type { MailFailure, Mailer, OutgoingEmail } from '../../src/lib/domain/ports.ts';
import { err, ok } from '../../src/lib/domain/result.ts';

export type RecordingMailer = Mailer & {
  calls: { email: OutgoingEmail; idempotencyKey: string }[];
  /** Fails the next `count` sends with this failure. */
  failWith(failure: MailFailure, count?: number): void;
};

/** A mailer that succeeds with ids "mail-1", "mail-2", … unless told to fail. */
export function createRecordingMailer(): RecordingMailer {
  const calls: RecordingMailer['calls'] = [];
  let failure: MailFailure | undefined;
  let failures = 0;
  return {
    calls,
    failWith(next, count = 1) {
      failure = next;
      failures = count;
    },
    async send(email, { idempotencyKey }) {
      calls.push({ email, idempotencyKey });
      if (failure && failures > 0) {
        failures -= 1;
        return err(failure);
      }
      return ok({ id: `mail-${calls.length}` });
    },
  };
}
