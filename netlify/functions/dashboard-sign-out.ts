// POST /api/dashboard/sign-out: ends the provider's session on this browser.
// Takes nothing (a form post from the dashboard). Answers 303 to /dashboard/ with the cookie cleared.
import type { Config } from '@netlify/functions';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { readInput } from '../../src/lib/http/read-input.ts';
import { endedSessionCookie } from '../../src/lib/http/session.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/dashboard/sign-out', async (req: Request) => {
  const read = await readInput(req);
  if (!read.ok) return json(read.problem.status, { error: { code: read.problem.code, message: read.problem.message } });
  const response = seeOther('/dashboard/');
  response.headers.append('set-cookie', endedSessionCookie(req.url));
  return response;
});

export const config: Config = {
  path: '/api/dashboard/sign-out',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
