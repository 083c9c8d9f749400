// POST /api/referee-answers: a referee answers from a link in an email to them.
// Takes {"token", "answer": "decline" | "accept-handoff" | "refuse-handoff"} (JSON or form).
// Answers 200 {"stage"}; "decline" erases their details. 404 forged or erased, 410 expired, 409 already answered.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { answerAsReferee } from '../../src/lib/domain/use-cases/answer-as-referee.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { errorBody, handleSubmission, json } from '../../src/lib/http/submission.ts';

export default guarded('POST /api/referee-answers', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  const outcome = await handleSubmission(req, (fields) => answerAsReferee(deps, fields));
  return outcome.ok ? json(200, outcome.value) : json(outcome.status, errorBody(outcome));
});

export const config: Config = {
  path: '/api/referee-answers',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 10, aggregateBy: ['ip', 'domain'] },
};
