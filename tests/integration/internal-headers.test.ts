// What the browser gets from Netlify's own functions runtime: it adds headers after a function
// answers, and one of them (`x-nf-fetch-timing`) used to list every store call, which told a
// known address from an unknown one. Every function and the pages rendered on demand (the
// SSR function as built; `npm test` builds first) go through the runtime here, in this process.
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtPaths } from '../../scripts/lib/serve-built.ts';
import actions from '../../netlify/functions/actions.ts';
import dashboardExport from '../../netlify/functions/dashboard-export.ts';
import dashboardSession from '../../netlify/functions/dashboard-session.ts';
import dashboardSignIn from '../../netlify/functions/dashboard-sign-in.ts';
import erasure from '../../netlify/functions/erasure.ts';
import introductions from '../../netlify/functions/introductions.ts';
import refereeAnswers from '../../netlify/functions/referee-answers.ts';
import referrals from '../../netlify/functions/referrals.ts';
import referrers from '../../netlify/functions/referrers.ts';
import unsubscribe from '../../netlify/functions/unsubscribe.ts';
import { STAMP_FIELD, stampFor, TRAP_FIELD } from '../../src/lib/http/form-guard.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';
import { form, ORIGIN } from '../support/handlers.ts';
import { throughRuntime } from '../support/netlify-runtime.ts';
import { address, localServices, signedLinks } from '../support/services.ts';

const services = localServices();
signedLinks();

type Handler = Parameters<typeof throughRuntime>[0];

const post = (path: string, body: Record<string, unknown> | string, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: {
      'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json',
      origin: ORIGIN,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Headers that are internal to the platform and say something about how a request was handled. */
const TIMING = /^(x-nf-fetch-timing|server-timing|x-nf-blobs-info|x-nf-play-timing)$/i;

/** A response's headers as sent, minus those that differ on every request whatever it was (the time it started). */
const comparable = (response: Response) => [...response.headers].filter(([name]) => !/^(date|x-nf-start-timestamp)$/i.test(name));

const timingHeaders = (response: Response) => [...response.headers.keys()].filter((name) => TIMING.test(name));

describe('the functions, through Netlify’s runtime', () => {
  it('answer no timing header, whatever the route and the input', async () => {
    const referrer = address('referrer');
    const cases: [string, Handler, Request][] = [
      ['sign-in, known', dashboardSignIn as Handler, post('/api/dashboard/sign-in', { email: 'jane@example.com' })],
      ['sign-in, unknown', dashboardSignIn as Handler, post('/api/dashboard/sign-in', { email: address('stranger') })],
      ['link', referrers as Handler, post('/api/referrers', { provider: 'jane-okafor', name: 'Amara Obi', email: referrer })],
      ['link again', referrers as Handler, post('/api/referrers', { provider: 'jane-okafor', name: 'Amara Obi', email: referrer })],
      [
        'referral',
        referrals as Handler,
        post('/api/referrals', { provider: 'jane-okafor', name: 'Priya Shah', email: address('referee'), message: 'Pensions, please.', consent: true }),
      ],
      ['introduction, forged key', introductions as Handler, post('/api/introductions', { key: 'x'.repeat(40), name: 'Ines Varga', email: address('x'), context: 'Hello', expected: true })],
      ['action, forged token', actions as Handler, post('/api/actions', { token: 'x'.repeat(40), action: 'contacted' })],
      ['answer, forged token', refereeAnswers as Handler, post('/api/referee-answers', { token: 'x'.repeat(40), answer: 'erase' })],
      ['erasure, forged token', erasure as Handler, post('/api/erasure', { token: 'x'.repeat(40) })],
      ['session, forged token', dashboardSession as Handler, post('/api/dashboard/session', { token: 'x'.repeat(40) })],
      ['unsubscribe, forged token', unsubscribe as Handler, post(`/api/unsubscribe?token=${'x'.repeat(40)}`, 'List-Unsubscribe=One-Click')],
      ['export, no session', dashboardExport as Handler, new Request(`${ORIGIN}/api/dashboard/export.csv`)],
    ];
    for (const [what, handler, request] of cases) {
      const response = await throughRuntime(handler, request);
      expect(response.status, what).toBeLessThan(500);
      expect(timingHeaders(response), what).toEqual([]);
    }
    // The requests above did reach the store and the mail API: the link and the referral were stored and mailed.
    expect(services.api.sent.length).toBeGreaterThanOrEqual(4);
  });

  it('answer a sign-in request with the same headers for a notification address and for a stranger', async () => {
    // A sign-in link goes at most once in two minutes per address: each test signs in a provider of its own.
    const known = await throughRuntime(dashboardSignIn as Handler, post('/api/dashboard/sign-in', { email: 'Marcus@Example.com' }));
    const unknown = await throughRuntime(dashboardSignIn as Handler, post('/api/dashboard/sign-in', { email: address('stranger') }));
    expect(services.api.sent.map((m) => m.body.to)).toEqual([['marcus@example.com']]);
    expect(comparable(known)).toEqual(comparable(unknown));
    expect(await known.text()).toBe(await unknown.text());
  });

  it('answer a link request with the same headers for a new address and for one that already has its link', async () => {
    const referrer = address('referrer');
    const first = await throughRuntime(referrers as Handler, post('/api/referrers', { provider: 'jane-okafor', name: 'Amara Obi', email: referrer }));
    const again = await throughRuntime(referrers as Handler, post('/api/referrers', { provider: 'jane-okafor', name: 'Amara Obi', email: referrer }));
    expect(services.api.sent).toHaveLength(1);
    expect(comparable(first)).toEqual(comparable(again));
    expect(await first.text()).toBe(await again.text());
  });
});

describe('the pages rendered on demand, as built, through Netlify’s runtime', () => {
  let ssr: Handler;
  beforeAll(async () => {
    ssr = ((await import(pathToFileURL(builtPaths().ssr).href)) as { default: Handler }).default;
  });
  const guard = () => ({ [STAMP_FIELD]: stampFor(new Date(Date.now() - 60_000), TEST_SECRET), [TRAP_FIELD]: '' });

  it('answer a dashboard sign-in form with the same headers, and no timing, for a notification address and a stranger', async () => {
    const known = await throughRuntime(ssr, post('/dashboard/', form({ email: 'sofia@example.com', ...guard() })));
    const unknown = await throughRuntime(ssr, post('/dashboard/', form({ email: address('stranger'), ...guard() })));
    expect(known.status).toBe(303);
    expect(services.api.sent.map((m) => m.body.to)).toEqual([['sofia@example.com']]);
    expect(timingHeaders(known)).toEqual([]);
    expect(comparable(known)).toEqual(comparable(unknown));
  });

  it('answer a link form with the same headers, and no timing, for a new address and a known one', async () => {
    const referrer = address('referrer');
    const fields = () => form({ provider: 'jane-okafor', name: 'Amara Obi', email: referrer, ...guard() });
    const first = await throughRuntime(ssr, post('/link/jane-okafor/', fields()));
    const again = await throughRuntime(ssr, post('/link/jane-okafor/', fields()));
    expect(first.status).toBe(303);
    expect(services.api.sent).toHaveLength(1);
    expect(timingHeaders(first)).toEqual([]);
    expect(comparable(first)).toEqual(comparable(again));
  });

  it('answer a page that reads the store with no timing header', async () => {
    const response = await throughRuntime(ssr, new Request(`${ORIGIN}/r/${'A'.repeat(22)}`));
    expect(timingHeaders(response)).toEqual([]);
  });
});
