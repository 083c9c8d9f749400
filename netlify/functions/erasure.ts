// POST /api/erasure: a referrer has their name and address erased, from the link in any email to them.
// Takes {"token"} (JSON or form). Answers 200 {"status":"erased"}; 404 forged or already erased,
// 410 expired, 503 storage unavailable (try again: erasing twice changes nothing).
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { eraseReferrerByToken } from '../../src/lib/domain/use-cases/erase-referrer.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/erasure', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => eraseReferrerByToken(deps, fields));
  return outcome.ok ? json(200, outcome.value) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/erasure',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
