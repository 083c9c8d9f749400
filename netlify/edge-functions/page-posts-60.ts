// POST /dashboard/referrals/ (milestones recorded from the dashboard's own page): the same
// rate limit as POST /api/dashboard/actions, 60 a minute per IP and domain.
// It changes nothing else: the request goes on to the page. Past the limit, Netlify answers 429.
import type { Config } from '@netlify/edge-functions';

export default (): undefined => undefined;

export const config: Config = {
  path: '/dashboard/referrals/*',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 60, aggregateBy: ['ip', 'domain'] },
};
