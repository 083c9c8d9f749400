// The `test` every browser test uses: Playwright's, with astro dev's live-reload channel cut.
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';

export const test = base.extend({
  context: async ({ context }, use) => {
    // The site opens no WebSocket of its own; the only one is astro dev's live reload. Left
    // connected, a file saved during the run (or the dev server's first start) reloads the
    // page under a test. Answered here, the page never hears of it, as on the real site.
    await context.routeWebSocket(/.*/, () => {});
    await use(context);
  },
});
