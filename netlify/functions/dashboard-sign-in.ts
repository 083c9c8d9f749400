// POST /api/dashboard/sign-in: a provider asks for a sign-in link by email.
// Takes {"email"} (JSON or form). The link goes only to a notification address from content/, at most once in two minutes.
// Answers 202 {"status":"accepted"} whether or not the address is known; 422 for a malformed address.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { requestSignIn } from '../../src/lib/domain/use-cases/provider-session.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/dashboard/sign-in', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => requestSignIn(deps, fields));
  return outcome.ok ? json(202, { status: 'accepted' }) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/dashboard/sign-in',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 5, aggregateBy: ['ip', 'domain'] },
};
