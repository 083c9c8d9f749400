// POST /dev/webhooks/<provider>: the local receiver, where a run in local mode (no Resend key)
// posts each provider's webhooks instead of their endpoint. It checks each signature with the
// `standardwebhooks` library and the provider's secret (204, or 401 if it does not hold) and keeps
// the post for /dev/webhooks/. Elsewhere, and for a provider without a webhook, it is a 404.
import type { APIRoute } from 'astro';
import { contentDirectory } from '../../../lib/content/index.ts';
import { localWebhooksDir, receiveLocalWebhook } from '../../../lib/adapters/local-webhooks.ts';
import { mailTransport, readEnv } from '../../../lib/env.ts';

export const prerender = false;

/** Bodies are a few kilobytes; anything much bigger is no event of ours. */
const MAX_BODY = 64 * 1024;

export const POST: APIRoute = async ({ params, request }) => {
  const env = readEnv();
  const transport = mailTransport(env);
  const endpoint = contentDirectory().get(params.provider ?? '')?.webhook;
  if (transport.kind !== 'mailbox' || !endpoint) return new Response(null, { status: 404 });
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY) return new Response(null, { status: 413 });
  const { status } = await receiveLocalWebhook(localWebhooksDir(transport.dir), {
    provider: params.provider!,
    headers: request.headers,
    body,
    secret: env.webhookSecrets?.[endpoint.secretVariable],
    secretVariable: endpoint.secretVariable,
  });
  return new Response(null, { status });
};
