// POST /api/dashboard/sign-out: ends the provider's session on the server, and on this browser.
// Takes a form post from the dashboard, with `everywhere` to end every session of the provider.
// Answers 303 to /dashboard/ with the cookie cleared; 503 if the session could not be ended.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { endSession } from '../../src/lib/domain/use-cases/provider-session.ts';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { readInput } from '../../src/lib/http/read-input.ts';
import { cookieOf, endedSessionCookie, SESSION_COOKIE } from '../../src/lib/http/session.ts';
import { json } from '../../src/lib/http/submission.ts';
import { paths } from '../../src/lib/domain/routes.ts';

export default guarded('POST /api/dashboard/sign-out', async (req: Request, context?: Platform) => {
  const read = await readInput(req);
  if (!read.ok) return json(read.problem.status, { error: { code: read.problem.code, message: read.problem.message } });
  const { everywhere } = read.input.fields;
  const deps = createDeps(readEnv(), context);
  const ended = await endSession(deps, cookieOf(req, SESSION_COOKIE), { everywhere: everywhere === true || everywhere === '1' });
  if (!ended.ok) {
    return json(503, { error: { code: 'unavailable', message: 'We could not sign you out on the server just now. Please try again in a minute.' } });
  }
  const response = seeOther(paths.dashboard());
  response.headers.append('set-cookie', endedSessionCookie(req.url));
  return response;
});

export const config: Config = {
  path: '/api/dashboard/sign-out',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
