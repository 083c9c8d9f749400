// POST /api/actions: a provider records a milestone from the action link in their email.
// Takes {"token", "action", "reason"?, "partner"?} (JSON or form); the token is signed, expires and is bound to one referral.
// Answers 200 {"referral","stage"}, or 404 (forged or another provider's), 410 (expired), 409 (impossible step), 422.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { actionTarget } from '../../src/lib/domain/routes.ts';
import { recordMilestone } from '../../src/lib/domain/use-cases/record-milestone.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { tokenAndFields } from '../../src/lib/http/session.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/actions', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, async (all) => {
    const { token, fields } = tokenAndFields(all);
    const target = actionTarget(deps, token);
    return target.ok ? recordMilestone(deps, target.value, fields) : target;
  });
  return outcome.ok ? json(200, outcome.value) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/actions',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 30, aggregateBy: ['ip', 'domain'] },
};
