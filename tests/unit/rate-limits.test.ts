// Every door has its limit: each function's `config` as Netlify reads it at deploy time (the
// static analysis of zip-it-and-ship-it, which drops an invalid `rateLimit` silently), and the
// rules in netlify.toml for the pages whose forms post to themselves, the same as the function
// behind each page.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from '@netlify/zip-it-and-ship-it/dist/runtimes/node/in_source_config/index.js';
import { getTrafficRulesConfig } from '@netlify/zip-it-and-ship-it/dist/rate_limit.js';
import { parse } from 'smol-toml';
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

/** The page whose form posts to itself, and the function that is its other door. */
const PAGE_DOORS: Record<string, { rule: string; fn: keyof typeof EXPECTED; limit?: number }> = {
  'refer/[slug].astro': { rule: '/refer/*', fn: 'referrals' },
  'link/[slug].astro': { rule: '/link/*', fn: 'referrers' },
  'me/[key].astro': { rule: '/me/*', fn: 'introductions' },
  'act/[token].astro': { rule: '/act/*', fn: 'actions' },
  'respond/[token].astro': { rule: '/respond/*', fn: 'referee-answers' },
  'forget/[token].astro': { rule: '/forget/*', fn: 'erasure' },
  'unsubscribe/[token].astro': { rule: '/unsubscribe/*', fn: 'unsubscribe' },
  'dashboard/sign-in/[token].astro': { rule: '/dashboard/sign-in/*', fn: 'dashboard-session' },
  'dashboard/referrals/[id].astro': { rule: '/dashboard/*', fn: 'dashboard-actions' },
  // Browsed as well as posted to: the dashboard's rule (see netlify.toml).
  'dashboard/index.astro': { rule: '/dashboard/*', fn: 'dashboard-sign-in', limit: 60 },
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

type Rule = { from: string; to: string; status?: number; force?: boolean; rate_limit?: Record<string, unknown> };

describe('the rate-limit rules in netlify.toml', () => {
  const rulesPromise = readFile(join(root, 'netlify.toml'), 'utf8').then((text) => ((parse(text) as { redirects?: Rule[] }).redirects ?? []));
  /** The first rule whose `from` matches a path (Netlify applies the first match). */
  const firstMatch = (rules: Rule[], path: string) =>
    rules.find((rule) => (rule.from.endsWith('/*') ? path.startsWith(rule.from.slice(0, -1)) : path === rule.from));

  it('are well formed: a rewrite of a path to itself, and a limit per minute per IP and domain', async () => {
    const rules = await rulesPromise;
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.to, rule.from).toBe(rule.from.replace(/\*$/, ':splat'));
      expect(rule.status, rule.from).toBe(200);
      expect(rule.force, rule.from).toBeUndefined();
      expect(Object.keys(rule.rate_limit ?? {}).sort(), rule.from).toEqual(['aggregate_by', 'window_limit', 'window_size']);
      expect(rule.rate_limit!.aggregate_by, rule.from).toEqual(['ip', 'domain']);
      expect(rule.rate_limit!.window_size, rule.from).toBe(60);
    }
  });

  it('cover every page that takes a post, with the limit of the function behind it', async () => {
    const rules = await rulesPromise;
    const pagesDir = join(root, 'src/pages');
    const posting: string[] = [];
    for (const file of await readdir(pagesDir, { recursive: true })) {
      if (file.endsWith('.astro') && (await readFile(join(pagesDir, file), 'utf8')).includes("Astro.request.method === 'POST'")) posting.push(file);
    }
    expect(posting.sort()).toEqual(Object.keys(PAGE_DOORS).sort());
    for (const [page, door] of Object.entries(PAGE_DOORS)) {
      const path = `/${page.replace(/\.astro$/, '').replace(/(^|\/)index$/, '').replace(/\[[a-z]+\]/g, 'x')}/`.replace(/\/+/g, '/');
      const rule = firstMatch(rules, path);
      expect(rule?.from, page).toBe(door.rule);
      const fn = EXPECTED[door.fn] as { limit: number };
      expect(rule?.rate_limit?.window_limit, page).toBe(door.limit ?? fn.limit);
    }
  });
});
