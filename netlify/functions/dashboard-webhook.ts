// POST /api/dashboard/webhook: a signed-in provider sends a test event to their webhook, or turns
// it back on after it answered 410 Gone. Takes {"action":"test"|"resume"} (JSON or form) and the
// session cookie. Answers 202 {"done"}; a form post gets 303 back to the dashboard's webhook part,
// saying how it went. 401 without a session; 409 no endpoint, no secret or turned off; 429 a test within 30 s of the last.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { paths } from '../../src/lib/domain/routes.ts';
import { actOnWebhook } from '../../src/lib/domain/use-cases/provider-webhooks.ts';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { signedInProvider } from '../../src/lib/http/signed-in.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/dashboard/webhook', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const signedIn = await signedInProvider(deps, req);
  if ('answer' in signedIn) return signedIn.answer;
  const { provider } = signedIn;
  const outcome = await handleSubmission(req, (fields) => actOnWebhook(deps, provider, fields));
  if (outcome.form) return seeOther(`${paths.dashboard()}?webhook=${outcome.ok ? outcome.value.done : outcome.code}#webhook`);
  return outcome.ok ? json(202, outcome.value) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/dashboard/webhook',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
