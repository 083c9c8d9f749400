// Scheduled daily: erases referees' details kept past the site's retention periods
// (`retention` in content/site.json): referrals that never progressed, then all referrals.
// No route: Netlify runs it on its schedule only. Logs one line of counts.
import type { Config } from '@netlify/functions';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { applyRetention } from '../../src/lib/domain/use-cases/apply-retention.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('retention', async () => {
  const report = await applyRetention(createDeps());
  if (report.unprogressed + report.expired + report.skipped > 0) {
    console.log(`vouch retention: ${report.unprogressed} unprogressed and ${report.expired} expired referrals erased, ${report.skipped} left for the next run`);
  }
  return json(200, report);
});

export const config: Config = { schedule: '@daily' };
