// POST /api/dashboard/session: uses a sign-in link (once) and starts a session.
// Takes {"token"} (JSON or form). Sets a signed, HttpOnly, SameSite=Lax session cookie.
// Answers 200 {"provider"} (a form post: 303 to /dashboard/), 404 forged, 410 expired or used.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { openSession } from '../../src/lib/domain/use-cases/provider-session.ts';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { sessionCookie } from '../../src/lib/http/session.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';
import { paths } from '../../src/lib/domain/routes.ts';

export default guarded('POST /api/dashboard/session', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => openSession(deps, fields));
  if (!outcome.ok) return json(outcome.status, errorBody(outcome));
  const cookie = sessionCookie(outcome.value.session, outcome.value.expiresAt, req.url, deps.clock.now());
  const response = outcome.form ? seeOther(paths.dashboard()) : json(200, { provider: outcome.value.provider });
  response.headers.append('set-cookie', cookie);
  return response;
});

export const config: Config = {
  path: '/api/dashboard/session',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
