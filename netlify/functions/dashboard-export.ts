// GET /api/dashboard/export.csv: a signed-in provider's referrals as CSV (their own only).
// Takes the session cookie. Answers 200 text/csv as a download, streamed as the referrals are
// read (so that 50,000 of them fit the function's limits), or 401 without a session.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { StorageUnavailable } from '../../src/lib/domain/ports.ts';
import { csvChunks, providerSummary } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { sessionProvider } from '../../src/lib/domain/use-cases/provider-session.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { cookieOf, SESSION_COOKIE } from '../../src/lib/http/session.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('GET /api/dashboard/export.csv', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  try {
    const provider = await sessionProvider(deps, cookieOf(req, SESSION_COOKIE));
    if (!provider) return json(401, { error: { code: 'signed_out', message: 'Please sign in to your dashboard.' } });
    // Storage is reached once before the answer starts, so that it can still be a 503.
    await providerSummary(deps, provider);
    const chunks = csvChunks(deps, provider);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          // Headers are gone: a cut-off download is the only way left to say it failed.
          console.error(`vouch: export for ${provider.slug} stopped: ${error instanceof Error ? error.name : 'unknown error'}`);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="referrals-${provider.slug}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    if (error instanceof StorageUnavailable) return json(503, { error: { code: 'unavailable', message: 'Please try again in a minute.' } });
    throw error;
  }
});

export const config: Config = {
  path: '/api/dashboard/export.csv',
  method: 'GET',
  rateLimit: { windowSize: 60, windowLimit: 30, aggregateBy: ['ip', 'domain'] },
};
