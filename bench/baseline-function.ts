// POST /api/baseline: the bare minimum a referral function does, as a yardstick for bench/functions.ts.
// Takes a JSON object, stores it as one blob (strong consistency) and sends one email through the
// Resend SDK; answers 201 {"id"}, 400 for a body that is not a JSON object, 502 if the email failed.
// No validation, dedupe, outbox or retries: whatever Vouch costs beyond this is the price of its guarantees.
import { randomUUID } from 'node:crypto';
import { getStore } from '@netlify/blobs';
import type { Config } from '@netlify/functions';
import { Resend } from 'resend';

export default async (req: Request): Promise<Response> => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: 'malformed JSON' }, { status: 400 });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return Response.json({ error: 'expected an object' }, { status: 400 });

  const id = randomUUID();
  await getStore({ name: 'baseline-referrals', consistency: 'strong' }).setJSON(`id/${id}`, body);

  const resend = new Resend(process.env.RESEND_API_KEY, { baseUrl: process.env.RESEND_BASE_URL });
  const { error } = await resend.emails.send(
    {
      from: 'Baseline <referrals@example.com>',
      to: ['provider@example.com'],
      subject: 'New referral',
      text: `A new referral is waiting: ${id}`,
    },
    { idempotencyKey: `${id}-provider-alert` },
  );
  if (error) return Response.json({ error: 'email failed' }, { status: 502 });
  return Response.json({ id }, { status: 201 });
};

export const config: Config = { path: '/api/baseline', method: 'POST' };
