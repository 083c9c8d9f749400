// Calls the functions as Netlify would: a real Request in, a Response out.
import actions from '../../netlify/functions/actions.ts';
import dashboardActions from '../../netlify/functions/dashboard-actions.ts';
import dashboardExport from '../../netlify/functions/dashboard-export.ts';
import dashboardSession from '../../netlify/functions/dashboard-session.ts';
import dashboardSignIn from '../../netlify/functions/dashboard-sign-in.ts';
import dashboardSignOut from '../../netlify/functions/dashboard-sign-out.ts';
import dashboardWebhook from '../../netlify/functions/dashboard-webhook.ts';
import erasure from '../../netlify/functions/erasure.ts';
import introductions from '../../netlify/functions/introductions.ts';
import refereeAnswers from '../../netlify/functions/referee-answers.ts';
import referrals from '../../netlify/functions/referrals.ts';
import referrers from '../../netlify/functions/referrers.ts';
import resendWebhook from '../../netlify/functions/resend-webhook.ts';
import unsubscribe from '../../netlify/functions/unsubscribe.ts';
import type { Platform } from '../../src/lib/adapters/deps.ts';

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

/** POST /api/referrals; `context` is what Netlify passes (its `waitUntil` keeps the function running after the answer). */
export const postReferral = (body: Body, init?: Parameters<typeof request>[2], context?: Platform) =>
  referrals(request('/api/referrals', body, init), context);

/** POST /api/referrers. */
export const postReferrer = (body: Body, init?: Parameters<typeof request>[2]) =>
  referrers(request('/api/referrers', body, init));

/** POST /api/webhooks/resend, as Resend sends it: a JSON body and its signature headers. */
export const postWebhook = (body: string, headers: Record<string, string>) =>
  resendWebhook(request('/api/webhooks/resend', body, { type: 'application/json', headers }));

/** A form body, as a browser encodes it. */
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** POST /api/actions: a milestone from an action link's token. */
export const postAction = (body: Body, init?: Parameters<typeof request>[2]) => actions(request('/api/actions', body, init));

/** POST /api/referee-answers. */
export const postAnswer = (body: Body, init?: Parameters<typeof request>[2]) => refereeAnswers(request('/api/referee-answers', body, init));

/** POST /api/introductions. */
export const postIntroduction = (body: Body, init?: Parameters<typeof request>[2]) =>
  introductions(request('/api/introductions', body, init));

/** POST /api/dashboard/sign-in. */
export const postSignIn = (body: Body) => dashboardSignIn(request('/api/dashboard/sign-in', body));

/** POST /api/dashboard/session. */
export const postSession = (body: Body) => dashboardSession(request('/api/dashboard/session', body));

/** POST /api/dashboard/sign-out with a session cookie, as the dashboard's form posts it. */
export const postSignOut = (body: Body, cookie?: string) =>
  dashboardSignOut(request('/api/dashboard/sign-out', body, cookie ? { headers: { cookie } } : {}));

/** POST /api/dashboard/actions with a session cookie (or none). */
export const postDashboardAction = (body: Body, cookie?: string) =>
  dashboardActions(request('/api/dashboard/actions', body, cookie ? { headers: { cookie } } : {}));

/** POST /api/dashboard/webhook with a session cookie (or none), as the dashboard's buttons post it. */
export const postDashboardWebhook = (body: Body, cookie?: string, context?: Platform) =>
  dashboardWebhook(request('/api/dashboard/webhook', body, cookie ? { headers: { cookie } } : {}), context);

/** GET /api/dashboard/export.csv with a session cookie (or none). */
export const getExport = (cookie?: string) =>
  dashboardExport(new Request(`${ORIGIN}/api/dashboard/export.csv`, { headers: cookie ? { cookie } : {} }));

/**
 * POST <one-click URL> as a mail provider's server sends it (RFC 8058): the body
 * `List-Unsubscribe=One-Click`, from another origin, with no cookie.
 */
export const postOneClick = (url: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  unsubscribe(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.net', 'sec-fetch-site': 'cross-site', ...init.headers },
      body: init.body ?? 'List-Unsubscribe=One-Click',
    }),
  );
/** POST /api/erasure: a referrer's erasure, from the link in an email to them. */
export const postErasure = (body: Body, init?: Parameters<typeof request>[2]) => erasure(request('/api/erasure', body, init));
