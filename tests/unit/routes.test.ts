import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTokens } from '../../src/lib/adapters/tokens.ts';
import { actionsPath, paths, privatePrefixes, publicPaths, referrerForgetPath, referrerPagePath, respondPath, signInPath, unsubscribePaths } from '../../src/lib/domain/routes.ts';
import { robotsTxt } from '../../src/lib/seo.ts';
import { TEST_SECRET } from '../fixtures/domain.ts';

const robots = robotsTxt('https://referrals.example.com');
const signing = { tokens: createTokens(TEST_SECRET), clock: { now: () => new Date('2026-03-02T10:00:00Z') } };
const CODE = 'AbCdEfGhIjKlMnOpQr_-12';
const SLUG = 'jane-okafor';

/** The Disallow rules of the `*` group: what a search engine is kept out of. */
const disallowed = robots
  .split(/\n\n+/)[0]!
  .split('\n')
  .filter((line) => line.startsWith('Disallow: '))
  .map((line) => line.slice('Disallow: '.length));
const isDisallowed = (path: string) => disallowed.some((prefix) => path.startsWith(prefix));

/** Every path the routes module builds, with the values a real link would carry. */
const built = {
  ...Object.fromEntries(
    Object.entries(paths).map(([name, build]) => [name, (build as (arg: string) => string)(name === 'personalLink' || name.startsWith('share') ? CODE : SLUG)]),
  ),
  actions: actionsPath(signing, SLUG, 'referral-0123456789'),
  respond: respondPath(signing, 'referral-0123456789'),
  referrerPage: referrerPagePath(signing, CODE),
  forget: referrerForgetPath(signing, CODE),
  signIn: signInPath(signing, SLUG, 'nonce-0123456789'),
  unsubscribePage: unsubscribePaths(signing, CODE, 'notes')?.pagePath,
  unsubscribeOneClick: unsubscribePaths(signing, CODE, 'all')?.oneClickPath,
} as Record<string, string | undefined>;

/** Pages anyone may open and a search engine may crawl, though the sitemap lists only the first three. */
const crawlable = new Set(['directory', 'provider', 'privacy', 'linkSent', 'thanks', 'previewImage', 'notFound']);

describe('robots.txt, from the routes module', () => {
  it('keeps search engines out of every private prefix, /forget/ included', () => {
    expect(disallowed).toEqual([...privatePrefixes]);
    expect(disallowed).toContain('/forget/');
  });

  it('disallows no public page: the sitemap and every page a stranger may open stay crawlable', () => {
    for (const path of publicPaths([SLUG, 'marcus-lee'])) expect(isDisallowed(path), path).toBe(false);
    for (const name of crawlable) expect(isDisallowed(built[name]!), name).toBe(false);
  });

  it('disallows every personal, signed or form path the site builds', () => {
    for (const [name, path] of Object.entries(built)) {
      expect(path, name).toMatch(/^\//);
      if (!crawlable.has(name)) expect(isDisallowed(path!), `${name}: ${path}`).toBe(true);
    }
  });

  it('covers every folder of pages: each is public or under a private prefix', () => {
    const publicFolders = new Set(
      [...crawlable].map((name) => built[name]!.split('/')[1]).filter(Boolean),
    );
    // Provider photos are files of the site, for pages and emails alike.
    publicFolders.add('photos');
    const folders = readdirSync(new URL('../../src/pages/', import.meta.url), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      expect(publicFolders.has(folder) || isDisallowed(`/${folder}/`), `/${folder}/ is neither public nor disallowed`).toBe(true);
      expect(publicFolders.has(folder) && isDisallowed(`/${folder}/`), `/${folder}/ is both`).toBe(false);
    }
  });
});

describe('signed paths', () => {
  it('carry a token that opens for its own door only, and exist only with a signing secret', () => {
    const unsigned = { tokens: createTokens(undefined), clock: signing.clock };
    expect(actionsPath(unsigned, SLUG, 'r')).toBeUndefined();
    expect(referrerForgetPath(unsigned, CODE)).toBeUndefined();
    expect(signInPath(unsigned, SLUG, 'n')).toBeUndefined();
    expect(unsubscribePaths(unsigned, CODE, 'notes')).toBeUndefined();
    const token = built.forget!.split('/')[2]!;
    expect(signing.tokens.verify(token)).toMatchObject({ purpose: 'erase-referrer', subject: CODE });
    expect(built.unsubscribeOneClick).toMatch(/^\/api\/unsubscribe\?token=[^&]+&stop=all$/);
  });
});

describe('paths outside the routes module', () => {
  const root = join(import.meta.dirname, '..', '..');
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'generated' ? [] : files(path);
      return /\.(ts|tsx|astro|mjs)$/.test(entry.name) ? [path] : [];
    });
  // Every section a built path starts with: "/r/", "/p/", "/privacy/"…
  const sections = [...new Set(Object.values(built).map((path) => path!.match(/^\/[^/?#]*\/?/)![0]))].filter((section) => section.length > 2);
  const literal = new RegExp(`[\`'"](${sections.map((s) => s.replace(/[/.]/g, '\\$&')).join('|')})`);
  /** Where a path may be spelled: the routes module; emails' sample data; a platform config, which must be a literal. */
  const allowed = (file: string, line: string) =>
    file === 'src/lib/domain/routes.ts' || file === 'src/lib/email/samples.ts' || /^\s*(\/\/|\*|\/\*\*)/.test(line) || /^\s*(path|excludedPath): /.test(line) || /export const config/.test(line);

  it('are never typed by hand in src/ or netlify/', () => {
    expect(sections).toEqual(expect.arrayContaining(['/r/', '/p/', '/dashboard/', '/api/', '/forget/']));
    const found: string[] = [];
    for (const file of [...files('src'), ...files('netlify')].map((f) => relative(root, join(root, f)))) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, index) => {
          if (literal.test(line) && !allowed(file, line)) found.push(`${file}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(found).toEqual([]);
    expect(literal.test("href={`/dashboard/?stage=${stage}`}")).toBe(true);
  });
});
