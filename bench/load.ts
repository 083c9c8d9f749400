// Load test of the referral function, served locally: the function module behind a plain
// Node HTTP server (Netlify's local emulator adds about 1.1 s to every call, which would
// hide what the function itself costs), the real Blobs server, and the Resend SDK talking
// to a local server that answers like Resend's API. Reports throughput, latency
// percentiles, errors, submissions finished by the scheduler, and lost submissions
// (acknowledged but not stored or not emailed, even after the scheduler's runs: must be 0).
//
//   npm run bench:load -- [--requests 1000] [--concurrency 50]
import { parseArgs } from 'node:util';
import { getStore } from '@netlify/blobs';
import referralsFunction from '../netlify/functions/referrals.ts';
import { startBlobsProcess } from '../scripts/lib/blobs-server.ts';
import { createDeps } from '../src/lib/adapters/deps.ts';
import { drainOutbox } from '../src/lib/domain/use-cases/drain-outbox.ts';
import { type SentEmail, startResendApi } from '../tests/support/resend-api.ts';
import { afterAnswers, serveFunctions } from '../scripts/lib/serve-functions.ts';

/**
 * Acknowledged submissions that were lost: not in Blobs (`id/<id>` in `store`), or missing one of
 * the `emails` (idempotency key `<id>-<email>`) among those the mail API accepted. Must be 0.
 */
export async function countLost(
  ids: string[],
  sent: SentEmail[],
  { store = 'vouch-referrals', emails = ['provider-alert', 'referee-confirmation'] }: { store?: string; emails?: string[] } = {},
): Promise<number> {
  const stored = getStore({ name: store, consistency: 'strong' });
  const emailed = new Set(sent.map((m) => m.idempotencyKey));
  let lost = 0;
  for (const id of ids) {
    if (!(await stored.get(`id/${id}`, { type: 'json' })) || emails.some((email) => !emailed.has(`${id}-${email}`))) lost += 1;
  }
  return lost;
}

// Run as a script, not when bench/functions.ts imports countLost.
if (import.meta.main) {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '50' } },
  });
  const requests = Number(values.requests);
  const concurrency = Number(values.concurrency);

  const api = await startResendApi();
  Object.assign(process.env, { RESEND_API_KEY: api.apiKey, RESEND_BASE_URL: api.url, VOUCH_BASE_URL: 'http://127.0.0.1' });
  delete process.env.MAILBOX_DIR;

  // The real Blobs server in a process of its own, answering a read with its version as Netlify does (bench/blobs-etag.ts).
  const blobs = await startBlobsProcess({ latencyMs: 0, imports: [new URL('./blobs-etag.ts', import.meta.url).href] });
  const background = afterAnswers();
  const server = await serveFunctions({ '/api/referrals': referralsFunction }, background);
  const { base } = server;

  const run = Date.now().toString(36);
  const post = async (i: number) => {
    const started = performance.now();
    try {
      const res = await fetch(`${base}/api/referrals`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          provider: 'jane-okafor',
          name: `Load Tester${i}`,
          email: `load.${run}.${i}@example.org`,
          message: 'Checking that nothing is lost under load.',
          consent: true,
        }),
      });
      const body = (await res.json()) as { id?: string };
      return { status: res.status, id: body.id, ms: performance.now() - started };
    } catch {
      return { status: 0, id: undefined, ms: performance.now() - started };
    }
  };

  await post(-1);
  await background.settled();
  api.sent.length = 0;

  const results: Awaited<ReturnType<typeof post>>[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) results.push(await post(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Emails go out after the answers; wait for them before counting what reached the mail API.
  await background.settled();

  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const acknowledged = results.filter((r) => r.status === 201 && r.id);
  const late = await countLost(acknowledged.map((r) => r.id!), api.sent);
  // What the work after an answer could not finish (a store call that failed under the burst),
  // the scheduler does: its runs, one a minute, from three minutes later.
  let lost = late;
  for (let minute = 3; lost > 0 && minute < 60; minute++) {
    await drainOutbox({ ...createDeps(), clock: { now: () => new Date(Date.now() + minute * 60_000) } }, { pause: async () => {} });
    lost = await countLost(acknowledged.map((r) => r.id!), api.sent);
  }

  const report = {
    requests,
    concurrency,
    seconds: Number(seconds.toFixed(2)),
    throughput: Number((requests / seconds).toFixed(1)),
    latencyMs: { p50: Math.round(pct(50)), p90: Math.round(pct(90)), p99: Math.round(pct(99)), max: Math.round(latencies.at(-1)!) },
    errors: results.filter((r) => r.status !== 201).length,
    /** Acknowledged, and finished (stored or emailed) only by the scheduler's runs after the burst. */
    finishedByScheduler: late - lost,
    lost,
    emails: api.sent.length,
  };
  console.log(JSON.stringify(report, null, 2));

  server.close();
  await api.close();
  await blobs.stop();
  // A lost submission fails the run; a "try again" answer is reported, not fatal (the person is told to send again).
  process.exit(report.lost === 0 ? 0 : 1);
}
