// POST /api/introductions: a verified referrer introduces someone directly.
// Takes {"key","name","email","context","expected":true} (JSON or form); the key is the signed one from their link email.
// Answers 201 {"id"}; 404 (forged key), 410 (expired key), 422 with per-field messages, 429 past the referrer's daily limit, 409 for an address not to be introduced.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { introduceReferee } from '../../src/lib/domain/use-cases/introduce-referee.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/introductions', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => introduceReferee(deps, fields), { checkboxes: ['expected'] });
  return outcome.ok ? json(201, { id: outcome.value.id }) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/introductions',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
