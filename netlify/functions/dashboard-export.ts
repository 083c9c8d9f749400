// GET /api/dashboard/export.csv: a signed-in provider's referrals as CSV (their own only).
// Takes the session cookie. Answers 200 text/csv as a download, or 401 without a session.
import type { Config } from '@netlify/functions';
import { createDeps, type Platform } from '../../src/lib/adapters/deps.ts';
import { readEnv } from '../../src/lib/env.ts';
import { StorageUnavailable } from '../../src/lib/domain/ports.ts';
import { dashboardRows, toCsv } from '../../src/lib/domain/use-cases/provider-dashboard.ts';
import { sessionProvider } from '../../src/lib/domain/use-cases/provider-session.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { cookieOf, SESSION_COOKIE } from '../../src/lib/http/session.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('GET /api/dashboard/export.csv', async (req: Request, context?: Platform) => {
  const deps = createDeps(readEnv(), context);
  try {
    const provider = await sessionProvider(deps, cookieOf(req, SESSION_COOKIE));
    if (!provider) return json(401, { error: { code: 'signed_out', message: 'Please sign in to your dashboard.' } });
    const csv = toCsv(await dashboardRows(deps, provider));
    return new Response(csv, {
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
