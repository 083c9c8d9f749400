// POST /api/referrers: a referrer asks for their personal link to a provider (JSON or form).
// The link is emailed to that address only, at most once a day; the answer never says whether it is known.
// Answers 202 {"status":"accepted"} (a form post: 303 to "check your inbox"), or 4xx/503 with per-field messages.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { issueReferrerLink } from '../../src/lib/domain/use-cases/issue-referrer-link.ts';
import { guarded, seeOther } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';
import { paths } from '../../src/lib/domain/routes.ts';

export default guarded('POST /api/referrers', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => issueReferrerLink(deps, fields));
  if (!outcome.ok) return json(outcome.status, errorBody(outcome));
  return outcome.form ? seeOther(paths.linkSent(outcome.value.provider)) : json(202, { status: 'accepted' });
});

export const config: Config = {
  path: '/api/referrers',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
