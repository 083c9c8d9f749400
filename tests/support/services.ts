// The local services an integration test file runs against: the real Blobs server and a
// server that answers like Resend's API, fresh for the file, reset before each test.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { type LocalBlobs, startBlobs } from './blobs.ts';
import { useResend } from './env.ts';
import { postReferrer } from './handlers.ts';
import { type ResendApi, type SentEmail, startResendApi } from './resend-api.ts';

export type Services = { blobs: LocalBlobs; api: ResendApi };

/** Starts the services for this file (and stops them after); each test starts with no email sent and no fault. */
export function localServices(): Services {
  const services = {} as Services;
  beforeAll(async () => {
    services.blobs = await startBlobs();
    services.api = await startResendApi();
  });
  afterAll(async () => {
    await services.api.close();
    await services.blobs.stop();
  });
  beforeEach(() => {
    useResend(services.api);
    services.api.recover();
    services.api.sent.length = 0;
  });
  return services;
}

let n = 0;
/** A fresh address per call, so that the once-a-day rules of one test never touch another. */
export const address = (who: string) => `${who}.${Date.now()}.${++n}@example.org`;

/** The recipients of a sent email. */
export const recipients = (email: SentEmail): string[] => (Array.isArray(email.body.to) ? email.body.to : [email.body.to]);

/** Asks for a personal link and returns the code at the end of the emailed link. */
export async function linkFor(api: ResendApi, email: string, name = 'Alice Walker', provider = 'jane-okafor'): Promise<string> {
  const res = await postReferrer({ provider, name, email });
  expect(res.status).toBe(202);
  const mail = api.sent.find((m) => recipients(m).includes(email));
  return /\/r\/([A-Za-z0-9_-]{22})\s/.exec(mail!.body.text!)![1]!;
}
