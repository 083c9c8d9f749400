// Every door has its limit: each function's `config` as Netlify reads it at deploy time (the
// static analysis of zip-it-and-ship-it, which drops an invalid `rateLimit` silently), and the
// edge functions in netlify/edge-functions/ that give the pages whose forms post to themselves
// the same limit as the function behind each page.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from '@netlify/zip-it-and-ship-it/dist/runtimes/node/in_source_config/index.js';
import { getTrafficRulesConfig } from '@netlify/zip-it-and-ship-it/dist/rate_limit.js';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const functionsDir = join(root, 'netlify/functions');

type Expected = { path: string; method: string; limit: number } | { schedule: string } | { path: string; method: string; cdn: true };

/** What each function must declare. */
const EXPECTED: Record<string, Expected> = {
  actions: { path: '/api/actions', method: 'POST', limit: 30 },
  'dashboard-actions': { path: '/api/dashboard/actions', method: 'POST', limit: 60 },
  'dashboard-export': { path: '/api/dashboard/export.csv', method: 'GET', limit: 30 },
  'dashboard-session': { path: '/api/dashboard/session', method: 'POST', limit: 10 },
  'dashboard-webhook': { path: '/api/dashboard/webhook', method: 'POST', limit: 10 },
  'dashboard-sign-in': { path: '/api/dashboard/sign-in', method: 'POST', limit: 5 },
  'dashboard-sign-out': { path: '/api/dashboard/sign-out', method: 'POST', limit: 10 },
  erasure: { path: '/api/erasure', method: 'POST', limit: 10 },
  introductions: { path: '/api/introductions', method: 'POST', limit: 10 },
  // Drawn once per deploy, then served from the CDN's durable cache.
  og: { path: '/og/:slug.png', method: 'GET', cdn: true },
  outbox: { schedule: '* * * * *' },
  'referee-answers': { path: '/api/referee-answers', method: 'POST', limit: 10 },
  referrals: { path: '/api/referrals', method: 'POST', limit: 10 },
  referrers: { path: '/api/referrers', method: 'POST', limit: 10 },
  reminders: { schedule: '*/15 * * * *' },
  'resend-webhook': { path: '/api/webhooks/resend', method: 'POST', limit: 300 },
  retention: { schedule: '@daily' },
  unsubscribe: { path: '/api/unsubscribe', method: 'POST', limit: 30 },
};

/** Each page whose form posts to itself, and the function that is its other door. */
const PAGE_DOORS: Record<string, { fn: keyof typeof EXPECTED }> = {
  'refer/[slug].astro': { fn: 'referrals' },
  'link/[slug].astro': { fn: 'referrers' },
  'me/[key].astro': { fn: 'introductions' },
  'act/[token].astro': { fn: 'actions' },
  'respond/[token].astro': { fn: 'referee-answers' },
  'forget/[token].astro': { fn: 'erasure' },
  'unsubscribe/[token].astro': { fn: 'unsubscribe' },
  'dashboard/sign-in/[token].astro': { fn: 'dashboard-session' },
  'dashboard/referrals/[id].astro': { fn: 'dashboard-actions' },
  'dashboard/index.astro': { fn: 'dashboard-sign-in' },
};

const names = (await readdir(functionsDir)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('each function’s config, as Netlify reads it', () => {
  it('covers every function', () => {
    expect(names).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const name of names) {
    it(`${name}: ${JSON.stringify(EXPECTED[name])}`, async () => {
      const file = join(functionsDir, `${name}.ts`);
      const { config: exported } = (await import(file)) as { config: Record<string, unknown> };
      const { config: deployed, routes } = await parseFile(file, { functionName: name });
      const expected = EXPECTED[name]!;
      if ('schedule' in expected) {
        expect(deployed.schedule).toBe(expected.schedule);
        expect(exported).toEqual({ schedule: expected.schedule });
        return;
      }
      expect(exported.path).toBe(expected.path);
      expect(exported.method).toBe(expected.method);
      expect(routes?.map((r) => r.pattern)).toEqual([expected.path]);
      expect(routes?.[0]?.methods).toEqual([expected.method]);
      if ('cdn' in expected) {
        expect(exported.rateLimit).toBeUndefined();
        return;
      }
      const limit = { windowSize: 60, windowLimit: expected.limit, aggregateBy: ['ip', 'domain'] };
      expect(exported.rateLimit).toEqual(limit);
      // What the deploy keeps: a plain-string aggregateBy or any invalid field would be dropped or changed here.
      expect(deployed.rateLimit).toEqual(limit);
      expect(getTrafficRulesConfig(deployed.rateLimit!)?.action.config).toEqual({
        rateLimitConfig: { windowLimit: expected.limit, windowSize: 60, algorithm: 'sliding_window' },
        aggregate: { keys: [{ type: 'ip' }, { type: 'domain' }] },
      });
    });
  }
});

const edgeDir = join(root, 'netlify/edge-functions');
type EdgeConfig = { path: string | string[]; method: string; rateLimit: { windowSize: number; windowLimit: number; aggregateBy: unknown } };

describe('the pages that take a post, through the edge functions that limit them', () => {
  const edgePromise = readdir(edgeDir).then((files) =>
    Promise.all(
      files
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map(async (f) => {
          const module = (await import(join(edgeDir, f))) as { default: () => unknown; config: EdgeConfig };
          return { name: f.slice(0, -3), ...module };
        }),
    ),
  );

  it('only limit: each passes every request on, for POST only, per minute per IP and domain', async () => {
    const edge = await edgePromise;
    expect(edge.map((e) => e.name)).toEqual(['page-posts-10', 'page-posts-30', 'page-posts-5', 'page-posts-60']);
    for (const { name, default: handler, config } of edge) {
      expect(handler(), name).toBeUndefined();
      expect(config.method, name).toBe('POST');
      expect(config.rateLimit, name).toEqual({ windowSize: 60, windowLimit: Number(name.split('-').at(-1)), aggregateBy: ['ip', 'domain'] });
    }
  });

  it('cover every page that takes a post, once, with the limit of the function behind it', async () => {
    const edge = await edgePromise;
    const pagesDir = join(root, 'src/pages');
    const posting: string[] = [];
    for (const file of await readdir(pagesDir, { recursive: true })) {
      if (file.endsWith('.astro') && (await readFile(join(pagesDir, file), 'utf8')).includes("Astro.request.method === 'POST'")) posting.push(file);
    }
    expect(posting.sort()).toEqual(Object.keys(PAGE_DOORS).sort());
    for (const [page, door] of Object.entries(PAGE_DOORS)) {
      // A real address of that page: a slug, key, token or id in place of each parameter.
      const path = `/${page.replace(/\.astro$/, '').replace(/(^|\/)index$/, '').replace(/\[[a-z]+\]/g, 'eyJ0ZXN0IjoxfQ.c2lnbmF0dXJl')}/`.replace(/\/+/g, '/');
      const url = `https://vouch.example${path}`;
      const matching = edge.filter(({ config }) => [config.path].flat().some((pattern) => new URLPattern({ pathname: pattern }).test(url)));
      expect(matching.map((e) => e.name), page).toHaveLength(1);
      const fn = EXPECTED[door.fn] as { limit: number };
      expect(matching[0]!.config.rateLimit.windowLimit, page).toBe(fn.limit);
    }
  });
});
