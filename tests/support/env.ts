// Points the functions' environment at local servers; each test file runs in its own worker.
import { ORIGIN } from './handlers.ts';

const VARS = ['RESEND_API_KEY', 'RESEND_BASE_URL', 'RESEND_WEBHOOK_SECRET', 'MAILBOX_DIR', 'VOUCH_BASE_URL', 'NETLIFY_DEV', 'NETLIFY_LOCAL'];

/** Emails go through the Resend SDK to a local server that speaks Resend's API. */
export function useResend(api: { url: string; apiKey: string }): void {
  for (const name of VARS) delete process.env[name];
  Object.assign(process.env, { RESEND_API_KEY: api.apiKey, RESEND_BASE_URL: api.url, VOUCH_BASE_URL: ORIGIN });
}

/** No Resend key: emails land in the local mailbox folder. */
export function useMailbox(dir: string): void {
  for (const name of VARS) delete process.env[name];
  Object.assign(process.env, { MAILBOX_DIR: dir, VOUCH_BASE_URL: ORIGIN });
}

/** A deployed site with no key and no mailbox. */
export function useNoTransport(): void {
  for (const name of VARS) delete process.env[name];
  process.env.VOUCH_BASE_URL = ORIGIN;
}
