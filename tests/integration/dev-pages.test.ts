// The developer's pages, /dev/mailbox/ and /dev/emails/, exist only while emails go to the
// local mailbox: with a Resend key set (a deployed site) they are a 404, even if a mailbox
// folder is configured too. Through the SSR function as built (`npm test` builds first).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPaths } from '../../scripts/lib/serve-built.ts';
import { ORIGIN } from '../support/handlers.ts';
import { useMailbox } from '../support/env.ts';
import { throughRuntime } from '../support/netlify-runtime.ts';

type Handler = Parameters<typeof throughRuntime>[0];

const PATHS = ['/dev/mailbox/', '/dev/mailbox/?id=x', '/dev/emails/'];

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
      expect(await response.text(), path).toMatch(/<h1[^>]*>(Local mailbox|Email previews)<\/h1>/);
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
    }
  });
});
