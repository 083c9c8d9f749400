// The developer's pages, /dev/mailbox/, /dev/emails/ and /dev/webhooks/ (and the local webhook
// receiver that feeds the last), exist only while emails go to the local mailbox: with a Resend
// key set (a deployed site) they are a 404, even if a mailbox folder is configured too. Through
// the SSR function as built (`npm test` builds first).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtPaths } from '../../scripts/lib/serve-built.ts';
import { ORIGIN } from '../support/handlers.ts';
import { useMailbox } from '../support/env.ts';
import { throughRuntime } from '../support/netlify-runtime.ts';
import { newWebhookSecret } from '../support/webhook-receiver.ts';

type Handler = Parameters<typeof throughRuntime>[0];

const PATHS = ['/dev/mailbox/', '/dev/mailbox/?id=x', '/dev/emails/', '/dev/webhooks/', '/dev/webhooks/?id=x'];

let ssr: Handler;
let dir: string;
beforeAll(async () => {
  ssr = ((await import(pathToFileURL(builtPaths().ssr).href)) as { default: Handler }).default;
  dir = await mkdtemp(join(tmpdir(), 'vouch-dev-pages-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const get = (path: string) => throughRuntime(ssr, new Request(`${ORIGIN}${path}`));

describe('the developer pages', () => {
  it('show the mailbox and the email previews while emails go to the local mailbox', async () => {
    useMailbox(dir);
    for (const path of PATHS) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toMatch(/<h1[^>]*>(Local mailbox|Email previews|Local webhooks)<\/h1>/);
    }
  });

  it('answer 404 once a Resend key is set, with or without a mailbox folder', async () => {
    for (const mailbox of [true, false]) {
      useMailbox(dir);
      if (!mailbox) delete process.env.MAILBOX_DIR;
      process.env.RESEND_API_KEY = 're_live_key_of_a_deployed_site';
      for (const path of PATHS) {
        const response = await get(path);
        expect(response.status, `${path}, mailbox folder ${mailbox}`).toBe(404);
        const html = await response.text();
        expect(html, path).not.toContain('Local mailbox');
        expect(html, path).not.toContain(dir);
      }
      const posted = await receive({ type: 'referral.created' }, newWebhookSecret());
      expect(posted.status, `the receiver, mailbox folder ${mailbox}`).toBe(404);
    }
  });
});

const secret = newWebhookSecret();
afterEach(() => {
  delete process.env.WEBHOOK_SECRET_JANE_OKAFOR;
});

/** POST /dev/webhooks/jane-okafor as a sender signs it, here with the library itself and `signWith`. */
function receive(event: Record<string, unknown>, signWith: string, id = `hook-dev-${Math.random().toString(36).slice(2)}`): Promise<Response> {
  const body = JSON.stringify({ version: 1, timestamp: new Date().toISOString(), ...event });
  const at = new Date();
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(signWith).sign(id, at, body) };
  return throughRuntime(ssr, new Request(`${ORIGIN}/dev/webhooks/jane-okafor`, { method: 'POST', headers, body }));
}

describe('the local webhook receiver', () => {
  it('verifies each post with the provider’s secret, shows it, and forgets a referral on referral.erased', async () => {
    useMailbox(dir);
    process.env.WEBHOOK_SECRET_JANE_OKAFOR = secret;
    const created = { type: 'referral.created', data: { referral: { id: 'dev-ref-1' }, referee: { name: 'Dev Person' } } };
    expect((await receive(created, secret, 'hook-dev-ref-1-created')).status).toBe(204);
    expect((await receive({ type: 'referral.stage_changed', data: { referral: { id: 'dev-ref-1' } } }, newWebhookSecret(), 'hook-forged')).status).toBe(401);
    let list = await (await get('/dev/webhooks/')).text();
    expect(list).toContain('Verified');
    expect(list).toContain('Not verified');
    const shown = await (await get('/dev/webhooks/?id=hook-dev-ref-1-created')).text();
    expect(shown).toContain('Signature verified');
    expect(shown).toContain('Dev Person');
    expect(await (await get('/dev/webhooks/?id=hook-forged')).text()).toContain('Signature not verified: No matching signature found');

    expect((await receive({ type: 'referral.erased', data: { referral: { id: 'dev-ref-1' } } }, secret, 'hook-dev-ref-1-erased')).status).toBe(204);
    list = await (await get('/dev/webhooks/')).text();
    expect(list).toContain('referral.erased');
    expect(list).not.toContain('hook-dev-ref-1-created');
    expect(await (await get('/dev/webhooks/?id=hook-dev-ref-1-created')).text()).not.toContain('Dev Person');
  });

  it('cannot verify without the secret: says which variable to set, and answers 401', async () => {
    useMailbox(dir);
    expect((await receive({ type: 'referral.created', data: {} }, secret, 'hook-no-secret')).status).toBe(401);
    expect(await (await get('/dev/webhooks/?id=hook-no-secret')).text()).toContain('WEBHOOK_SECRET_JANE_OKAFOR is not set');
  });
});
