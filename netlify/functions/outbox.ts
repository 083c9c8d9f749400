// Scheduled every minute: sends the outbox's due emails (failed sends waiting for a retry,
// and emails recorded while no mail key was configured), about two a second, and beside them
// its due webhooks, and logs a line of counts for each. No route: Netlify runs it on its schedule only.
import type { Config } from '@netlify/functions';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { drainOutbox } from '../../src/lib/domain/use-cases/drain-outbox.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('outbox drain', async () => {
  const report = await drainOutbox(createDeps(), { pause: (ms) => sleep(ms) });
  const { due, sent, failed, dead, waiting, skipped, unconfigured } = report;
  if (due + waiting > 0) {
    console.log(`vouch outbox: ${due} due, ${sent} sent, ${failed} failed, ${dead} dead-lettered, ${skipped} left for the next run, ${waiting} waiting`);
  }
  if (unconfigured > 0) {
    console.error(`vouch outbox: ${unconfigured} email(s) wait because RESEND_API_KEY is not set; they go out once it is.`);
  }
  const hooks = report.webhooks;
  if (hooks.due + hooks.waiting > 0) {
    console.log(`vouch outbox: webhooks ${hooks.due} due, ${hooks.sent} sent, ${hooks.failed} failed, ${hooks.dead} dead-lettered, ${hooks.skipped} left for the next run, ${hooks.waiting} waiting`);
  }
  if (hooks.unconfigured > 0) console.error(`vouch outbox: ${hooks.unconfigured} webhook(s) wait because the WEBHOOK_SECRET_… their provider names is not set.`);
  return json(200, report);
});

export const config: Config = { schedule: '* * * * *' };
