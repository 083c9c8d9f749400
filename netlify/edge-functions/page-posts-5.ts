// POST /dashboard/ (the sign-in form posted to its own page, the door used without
// JavaScript): the same rate limit as POST /api/dashboard/sign-in, 5 a minute per IP and domain.
// It changes nothing else: the request goes on to the page. Past the limit, Netlify answers 429.
import type { Config } from '@netlify/edge-functions';

export default (): undefined => undefined;

export const config: Config = {
  path: '/dashboard/',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 5, aggregateBy: ['ip', 'domain'] },
};
