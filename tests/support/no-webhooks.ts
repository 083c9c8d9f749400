// The webhook port for tests about something else: no endpoint's secret is set, so no provider's
// events are recorded and nothing is posted, as on a site where no provider has a webhook.
import type { WebhookSender } from '../../src/lib/domain/ports.ts';
import { err } from '../../src/lib/domain/result.ts';

export const noWebhooks: WebhookSender = {
  secretState: () => 'missing',
  send: async () => err({ code: 'not_configured', retryable: true, detail: 'no webhook secret in this test' }),
};
