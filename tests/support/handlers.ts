// Calls the functions as Netlify would: a real Request in, a Response out.
import referrals from '../../netlify/functions/referrals.ts';
import referrers from '../../netlify/functions/referrers.ts';
import resendWebhook from '../../netlify/functions/resend-webhook.ts';

export const ORIGIN = 'https://vouch.test';

type Body = Record<string, unknown> | string;

function request(path: string, body: Body, init: { type?: string; headers?: Record<string, string> } = {}): Request {
  const type = init.type ?? (typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json');
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** POST /api/referrals. */
export const postReferral = (body: Body, init?: Parameters<typeof request>[2]) =>
  referrals(request('/api/referrals', body, init));

/** POST /api/referrers. */
export const postReferrer = (body: Body, init?: Parameters<typeof request>[2]) =>
  referrers(request('/api/referrers', body, init));

/** POST /api/webhooks/resend, as Resend sends it: a JSON body and its signature headers. */
export const postWebhook = (body: string, headers: Record<string, string>) =>
  resendWebhook(request('/api/webhooks/resend', body, { type: 'application/json', headers }));

/** A form body, as a browser encodes it. */
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
