// Browser tests: a real Chromium against `npm start` (astro dev with Netlify's local
// emulation), on its own port and its own mailbox folder. Every test runs twice: with
// JavaScript, and without it, because every form must work both ways.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './tests/support/chromium.ts';
import { baseURL, mailboxDir, port } from './tests/e2e/support/settings.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/support/global-setup.ts',
  // One worker: the run is deterministic, and the dev server compiles each page once.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // The first request to each page makes astro dev compile it.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL,
    navigationTimeout: 60_000,
    actionTimeout: 15_000,
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS },
  },
  projects: [
    {
      name: 'javascript',
      use: { javaScriptEnabled: true },
      // The lifecycle pages (action links, dashboard, referrer page) carry no script: one run
      // without JavaScript covers them, and a provider's sign-in link is rate-limited per address.
      testIgnore: 'lifecycle.spec.ts',
    },
    {
      name: 'no-javascript',
      use: { javaScriptEnabled: false },
      // axe runs inside the page: with scripts disabled its promise never settles. The pages'
      // markup is the same either way, and the javascript project also audits the states only
      // a script-free browser reaches (server-rendered errors, the thanks and link-sent pages).
      // share-script.spec.ts and form-script.spec.ts test what a script adds, and nothing else;
      // screenshots.spec.ts and layout.spec.ts measure pages whose markup is the same either way.
      testIgnore: ['accessibility.spec.ts', 'share-script.spec.ts', 'form-script.spec.ts', 'screenshots.spec.ts', 'layout.spec.ts'],
    },
  ],
  webServer: {
    command: 'node scripts/start.ts',
    url: `${baseURL}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      MAILBOX_DIR: mailboxDir,
      VOUCH_BASE_URL: baseURL,
      // Emails must land in the mailbox folder even if a developer's .env holds a real key.
      RESEND_API_KEY: '',
      // A browser driven by a test fills a form in well under the seconds a person needs;
      // the bot guard's timing is tested where time can be set, not by waiting here.
      FORM_MIN_SECONDS: '0',
    },
  },
});
