// POST /act/ and /unsubscribe/ (forms posted to their own page, the door used without
// JavaScript): the same rate limit as POST /api/actions and /api/unsubscribe, 30 a minute per IP and domain.
// It changes nothing else: the request goes on to the page. Past the limit, Netlify answers 429.
import type { Config } from '@netlify/edge-functions';

export default (): undefined => undefined;

export const config: Config = {
  path: ['/act/*', '/unsubscribe/*'],
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 30, aggregateBy: ['ip', 'domain'] },
};
