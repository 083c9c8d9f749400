// Scheduled every 15 minutes: reminds providers of referrals with no first contact recorded
// by the time they promised, once, then escalates once to every notification address.
// No route: Netlify runs it on its schedule only. Logs one line of counts.
import type { Config } from '@netlify/functions';
import { createDeps } from '../../src/lib/adapters/deps.ts';
import { remindProviders } from '../../src/lib/domain/use-cases/remind-providers.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { json } from '../../src/lib/http/submission.ts';

export default guarded('reminders', async () => {
  const report = await remindProviders(createDeps());
  if (report.reminded + report.escalated > 0) {
    console.log(`vouch reminders: ${report.reminded} reminded, ${report.escalated} escalated, ${report.settled} settled`);
  }
  return json(200, report);
});

export const config: Config = { schedule: '*/15 * * * *' };
