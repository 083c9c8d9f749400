// Signing out of the dashboard ends the session on the server, not only in the browser: the
// old cookie opens nothing afterwards. "Sign out everywhere" ends every session of the provider.
//
// What failed before the fix (main at f9932c7): the session was a stateless signed cookie and
// sign-out only asked the browser to drop it, so a copy of the cookie still opened the CSV
// export and recorded milestones for up to 12 hours.
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, getExport, postDashboardAction, postSession, postSignIn, postSignOut } from '../support/handlers.ts';
import { localServices, recipients, signedLinks, tokenIn } from '../support/services.ts';

const services = localServices();
signedLinks();
const tokens = createTokens(TEST_SECRET);

/** A session cookie as the sign-in link sets it. */
async function signedIn(email: string): Promise<string> {
  expect((await postSignIn({ email })).status).toBe(202);
  const mail = services.api.sent.filter((m) => recipients(m).includes(email) && m.body.subject.startsWith('Sign in')).at(-1)!;
  const res = await postSession({ token: tokenIn(mail, 'dashboard/sign-in') });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Another browser's session of the same provider, signed as a sign-in signs it: a session id, a 12-hour life. */
const otherBrowser = (provider: string, nonce: string) =>
  `vouch_session=${tokens.sign({ purpose: 'session', subject: provider, expiresAt: Date.now() + 12 * 3_600_000, nonce })}`;

/** A session from a sign-in link used now (the link email goes to an address at most once in two minutes). */
async function signedInWithLink(provider: string, nonce: string): Promise<string> {
  const link = tokens.sign({ purpose: 'sign-in', subject: provider, expiresAt: Date.now() + 60_000, nonce });
  const res = await postSession({ token: link });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('signing out of the dashboard', () => {
  it('ends this session on the server: the old cookie no longer opens the export or records anything', async () => {
    const cookie = await signedIn('jane@example.com');
    const elsewhere = otherBrowser('jane-okafor', 'another-browser-0001');
    expect((await getExport(cookie)).status).toBe(200);

    const out = await postSignOut(form({}), cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/');
    expect(out.headers.get('set-cookie')).toMatch(/^vouch_session=; .*Max-Age=0/);

    expect((await getExport(cookie)).status).toBe(401);
    expect((await postDashboardAction({ referral: 'no-such-referral-0000', action: 'contacted' }, cookie)).status).toBe(401);
    // Another browser's session is its own.
    expect((await getExport(elsewhere)).status).toBe(200);
  });

  it('everywhere: ends every session of the provider, and a new sign-in works again', async () => {
    const here = await signedIn('sofia@example.com');
    const elsewhere = otherBrowser('sofia-marin', 'another-browser-0002');
    const janes = otherBrowser('jane-okafor', 'another-browser-0003');
    expect((await getExport(elsewhere)).status).toBe(200);

    expect((await postSignOut(form({ everywhere: '1' }), here)).status).toBe(303);
    expect((await getExport(here)).status).toBe(401);
    expect((await getExport(elsewhere)).status).toBe(401);
    // Another provider's sessions are theirs.
    expect((await getExport(janes)).status).toBe(200);
    expect((await getExport(await signedInWithLink('sofia-marin', 'after-everywhere-0004'))).status).toBe(200);
  });

  it('refuses a session cookie that cannot be ended (no session id)', async () => {
    const stateless = `vouch_session=${tokens.sign({ purpose: 'session', subject: 'jane-okafor', expiresAt: Date.now() + 3_600_000 })}`;
    expect((await getExport(stateless)).status).toBe(401);
  });
});
