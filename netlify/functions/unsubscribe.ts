// POST /api/unsubscribe?token=<token>[&stop=all]: one-click unsubscribe (RFC 8058), posted by a
// mail provider's server with the body `List-Unsubscribe=One-Click`, so there is no Origin to
// check: the signed, expiring token is the authority. Stops progress notes (`stop=all`: every email).
// Answers 200 {"notes","thanks"}, or 404 (forged or erased), 410 (expired), 413, 422.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { stopEmails, unsubscribeTarget } from '../../src/lib/domain/use-cases/referrer-preferences.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { readBody } from '../../src/lib/http/read-input.ts';
import { json, messageOf, statusOf } from '../../src/lib/http/submission.ts';

/** The body says only `List-Unsubscribe=One-Click` (form-encoded or multipart); anything long is not a one-click post. */
const MAX_BODY_BYTES = 1024;

export default guarded('POST /api/unsubscribe', async (req: Request, context?: Platform) => {
  if ((await readBody(req, MAX_BODY_BYTES)) === null) {
    return json(413, { error: { code: 'too_large', message: 'The body is too large.' } });
  }
  const url = new URL(req.url);
  const deps = createDeps(readEnv(), context);
  const target = await unsubscribeTarget(deps, url.searchParams.get('token'));
  const result = target.ok ? await stopEmails(deps, target.value, { stop: url.searchParams.get('stop') ?? 'notes' }) : target;
  if (result.ok) return json(200, { notes: result.value.notes, thanks: result.value.thanks });
  const { error } = result;
  const message = error.code === 'invalid_input' ? 'Say what to stop: stop=notes or stop=all.' : messageOf(error);
  return json(statusOf[error.code], { error: { code: error.code, message } });
});

export const config: Config = {
  path: '/api/unsubscribe',
  method: 'POST',
  rateLimit: { windowSize: 60, windowLimit: 30, aggregateBy: ['ip', 'domain'] },
};
