// POST /refer/, /link/, /me/, /respond/, /forget/ and /dashboard/sign-in/ (the forms that post
// to their own page, the door used without JavaScript): the same rate limit as the functions
// behind them, 10 a minute per IP and domain (as POST /api/referrals, /api/referrers,
// /api/introductions, /api/referee-answers, /api/erasure and /api/dashboard/session).
// It changes nothing else: the request goes on to the page. Past the limit, Netlify answers 429.
import type { Config } from '@netlify/edge-functions';

export default (): undefined => undefined;

export const config: Config = {
  path: ['/refer/*', '/link/*', '/me/*', '/respond/*', '/forget/*', '/dashboard/sign-in/*'],
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
