// POST /api/dashboard/actions: a signed-in provider records a milestone from the dashboard.
// Takes {"referral","action","reason"?,"partner"?} (JSON or form) and the session cookie.
// Answers 200 {"referral","stage"}; 401 without a session; 404 for a referral that is not theirs; 409 impossible step.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { recordMilestone } from '../../src/lib/domain/use-cases/record-milestone.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { signedInProvider } from '../../src/lib/http/signed-in.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/dashboard/actions', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const signedIn = await signedInProvider(deps, req);
  if ('answer' in signedIn) return signedIn.answer;
  const { provider } = signedIn;
  const outcome = await handleSubmission(req, ({ referral, ...fields }) =>
    recordMilestone(deps, { provider: provider.slug, referral: typeof referral === 'string' ? referral : '' }, fields),
  );
  return outcome.ok ? json(200, outcome.value) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/dashboard/actions',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 60, aggregateBy: ['ip', 'domain'] },
};
