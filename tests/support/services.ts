// The local services an integration test file runs against: the real Blobs server and a
// server that answers like Resend's API, fresh for the file, reset before each test.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { type LocalBlobs, startBlobs } from '../../scripts/lib/blobs-server.ts';
import { useResend } from './env.ts';
import { ORIGIN, postReferrer } from './handlers.ts';
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

/** Sets VOUCH_SECRET for this file's tests, so that emails carry signed links. */
export function signedLinks(): void {
  beforeAll(() => {
    process.env.VOUCH_SECRET = TEST_SECRET;
  });
  afterAll(() => {
    delete process.env.VOUCH_SECRET;
  });
}

/** The emails the local Resend server received for an address. */
export const mailTo = (api: ResendApi, addr: string): SentEmail[] => api.sent.filter((email) => recipients(email).includes(addr));

/** The token in a link of an email's text part, e.g. `/act/<token>/`. */
export const tokenIn = (mail: SentEmail, route: string): string => {
  const match = new RegExp(`${ORIGIN}/${route}/([\\w.-]+)`).exec(mail.body.text!);
  if (!match) throw new Error(`No /${route}/ link in "${mail.body.subject}":\n${mail.body.text}`);
  return match[1]!;
};
