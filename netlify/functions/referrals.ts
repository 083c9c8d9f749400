// POST /api/referrals: a referred person asks a provider to contact them (JSON or form).
// Stores the referral, then confirms to them, alerts the provider and thanks the referrer.
// Answers 201 {"id"} (a form post: 303 to the thank-you page), or 4xx/503 with per-field messages.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { submitReferral } from '../../src/lib/domain/use-cases/submit-referral.ts';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';
import { paths } from '../../src/lib/domain/routes.ts';

export default guarded('POST /api/referrals', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => submitReferral(deps, fields), {
    checkboxes: ['consent', 'shareFirstName'],
  });
  if (!outcome.ok) return json(outcome.status, errorBody(outcome));
  return outcome.form ? seeOther(paths.thanks(outcome.value.provider)) : json(201, { id: outcome.value.id });
});

export const config: Config = {
  path: '/api/referrals',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
