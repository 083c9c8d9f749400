// POST /api/webhooks/resend: Resend reports an email event, signed the Svix way.
// Verifies the signature and its timestamp, then records a bounce or complaint in the suppression list.
// Answers 200 {"status"} (also for events it does not act on), 401 bad or stale signature,
// 400 malformed event, 413 too large, 503 not configured or storage unavailable (Resend retries).
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { parseWebhook, verifyWebhook, webhookHeaders } from '../../src/lib/adapters/resend-webhook.ts';
import { recordDeliveryEvent } from '../../src/lib/domain/use-cases/record-delivery-event.ts';
import { readEnv } from '../../src/lib/env.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { readBody } from '../../src/lib/http/read-input.ts';
import { json } from '../../src/lib/http/submission.ts';

/** Resend's email events are a few KB; anything far larger is not one of them. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

const refuse = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export default guarded('POST /api/webhooks/resend', async (req: Request, context?: Platform) => {
  const env = readEnv();
  if (!env.RESEND_WEBHOOK_SECRET) {
    console.error('vouch: RESEND_WEBHOOK_SECRET is not set, so Resend webhooks are refused; set it to the webhook signing secret shown in Resend.');
    return refuse(503, 'not_configured', 'Webhooks are not configured on this site.');
  }
  const declared = Number(req.headers.get('content-length'));
  const body = Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES ? null : await readBody(req, MAX_WEBHOOK_BYTES);
  if (body === null) return refuse(413, 'too_large', `The body is over ${MAX_WEBHOOK_BYTES / 1024} KB.`);

  const verified = verifyWebhook(body, webhookHeaders(req.headers), env.RESEND_WEBHOOK_SECRET);
  if (!verified.ok) return refuse(401, 'invalid_signature', 'The webhook signature is missing, wrong or too old.');

  const deps = createDeps(env, context);
  const parsed = parseWebhook(body);
  switch (parsed.kind) {
    case 'invalid_json':
      return refuse(400, 'invalid_json', 'The body is not valid JSON.');
    case 'invalid_event':
      return refuse(400, 'invalid_event', 'The event lacks the fields a bounce or complaint must have.');
    case 'ignored':
      return json(200, { status: 'ignored' });
    case 'event': {
      const result = await recordDeliveryEvent(deps, parsed.event);
      if (!result.ok) return refuse(503, 'unavailable', 'Could not record the event just now; please retry.');
      return json(200, { status: result.value });
    }
  }
});

export const config: Config = {
  path: '/api/webhooks/resend',
  method: 'POST',
  // Generous: a burst of bounces must get through, and Resend retries whatever is refused.
  rateLimit: { windowSize: 60, windowLimit: 300, aggregateBy: ['ip', 'domain'] },
};
