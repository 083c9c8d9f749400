// The dashboard's sign-in form, posted to the page itself (the no-JavaScript door), has the
// same bot guard as the other forms strangers fill in. Through the SSR function as built.
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtPaths } from '../../scripts/lib/serve-built.ts';
import { STAMP_FIELD, stampFor, TRAP_FIELD } from '../../src/lib/http/form-guard.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, ORIGIN } from '../support/handlers.ts';
import { localServices, signedLinks } from '../support/services.ts';

const services = localServices();
signedLinks();

type Handler = (req: Request, context: object) => Promise<Response>;
let ssr: Handler;
beforeAll(async () => {
  ssr = ((await import(pathToFileURL(builtPaths().ssr).href)) as { default: Handler }).default;
});

const post = (fields: Record<string, string>) =>
  ssr(
    new Request(`${ORIGIN}/dashboard/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: form(fields),
    }),
    {},
  );

describe('the dashboard sign-in form', () => {
  it('carries the guard fields', async () => {
    const html = await (await ssr(new Request(`${ORIGIN}/dashboard/`), {})).text();
    expect(html).toContain(`name="${STAMP_FIELD}"`);
    expect(html).toContain(`name="${TRAP_FIELD}"`);
  });

  it('answers a filled trap as if it worked and sends nothing', async () => {
    const response = await post({ email: 'jane@example.com', [STAMP_FIELD]: stampFor(new Date(Date.now() - 60_000), TEST_SECRET), [TRAP_FIELD]: 'https://spam.example' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard/?sent=1');
    expect(services.api.sent).toEqual([]);
  });

  it('asks a post with no stamp, or one faster than a person, to send again, and sends nothing', async () => {
    const posts: Record<string, string>[] = [{ email: 'jane@example.com' }, { email: 'jane@example.com', [STAMP_FIELD]: stampFor(new Date(), TEST_SECRET), [TRAP_FIELD]: '' }];
    for (const fields of posts) {
      const response = await post(fields);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain('press Send again');
    }
    expect(services.api.sent).toEqual([]);
  });

  it('sends the link to a person who took their time', async () => {
    const response = await post({ email: 'jane@example.com', [STAMP_FIELD]: stampFor(new Date(Date.now() - 60_000), TEST_SECRET), [TRAP_FIELD]: '' });
    expect(response.status).toBe(303);
    expect(services.api.sent.map((m) => m.body.to)).toEqual([['jane@example.com']]);
  });
});
