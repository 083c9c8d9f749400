// What search engines and link previews find in the production build (`npm test` builds
// first): a sitemap of the public pages only, each with its canonical address; every other
// page marked noindex; robots rules; a preview image of the right size per provider; and
// structured data on provider pages.
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import og, { photoOf } from '../../netlify/functions/og.ts';
import { builtPaths } from '../../scripts/lib/serve-built.ts';
import { builtPages } from '../../scripts/lib/weigh.ts';
import { getSite } from '../../src/lib/content/site.ts';

const root = process.cwd();
const slugs = (await readdir(join(root, 'content/providers'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();
// The build's base URL: VOUCH_BASE_URL is not set for `npm run build`.
const base = getSite().baseUrl;
const dist = () => builtPaths(root).dist;

const attribute = (html: string, tag: RegExp, name: string): string | undefined => {
  const element = tag.exec(html)?.[0];
  return element ? new RegExp(`${name}="([^"]*)"`).exec(element)?.[1] : undefined;
};
const canonicalOf = (html: string) => attribute(html, /<link rel="canonical"[^>]*>/, 'href');
const robotsOf = (html: string) => attribute(html, /<meta name="robots"[^>]*>/, 'content');

describe('the sitemap', () => {
  it('lists the directory, every provider page and the privacy notice, and nothing else', async () => {
    const xml = await readFile(join(dist(), 'sitemap.xml'), 'utf8');
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([`${base}/`, ...slugs.map((slug) => `${base}/p/${slug}/`), `${base}/privacy/`]);
  });

  it('agrees with the pages: each listed page names itself canonical, every other page is noindex', async () => {
    const xml = await readFile(join(dist(), 'sitemap.xml'), 'utf8');
    const listed = new Set([...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    const pages = await builtPages(dist());
    expect(pages.length).toBeGreaterThan(listed.size);
    for (const { path, file } of pages) {
      const html = await readFile(file, 'utf8');
      if (listed.has(`${base}${path}`)) {
        expect(canonicalOf(html), path).toBe(`${base}${path}`);
        expect(robotsOf(html), path).toBeUndefined();
        expect(attribute(html, /<meta name="description"[^>]*>/, 'content')?.length, `${path} has a description`).toBeGreaterThan(20);
      } else {
        expect(robotsOf(html), path).toBe('noindex, nofollow');
        expect(canonicalOf(html), path).toBeUndefined();
      }
    }
  });
});

describe('robots.txt', () => {
  it('keeps search engines out of personal pages, forms and the API, and names the sitemap', async () => {
    const robots = await readFile(join(dist(), 'robots.txt'), 'utf8');
    const everyone = robots.split('\n\n')[0]!;
    expect(everyone.startsWith('User-agent: *\n')).toBe(true);
    for (const path of ['/r/', '/share/', '/refer/', '/link/', '/dashboard/', '/me/', '/act/', '/respond/', '/unsubscribe/', '/api/', '/dev/']) expect(everyone).toContain(`\nDisallow: ${path}`);
    expect(robots).toContain(`Sitemap: ${base}/sitemap.xml`);
  });
});

describe('link previews', () => {
  it.each(slugs)('/og/%s.png is a 1200×630 PNG the CDN keeps until the next deploy, and the provider page points its previews at it', async (slug) => {
    // The function fetches a provider's photo from the site's own files: the build's, served here.
    const server = createServer((req, res) => {
      readFile(join(dist(), decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))).then(
        (body) => res.writeHead(200).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await og(new Request(`${origin}/og/${slug}.png`), { params: { slug } }).finally(() => server.close());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('netlify-cdn-cache-control')).toContain('durable');
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    const html = await readFile(join(dist(), 'p', slug, 'index.html'), 'utf8');
    expect(attribute(html, /<meta property="og:image"[^>]*>/, 'content')).toBe(`${base}/og/${slug}.png`);
    expect(attribute(html, /<meta name="twitter:image"[^>]*>/, 'content')).toBe(`${base}/og/${slug}.png`);
    expect(attribute(html, /<meta name="twitter:card"[^>]*>/, 'content')).toBe('summary_large_image');
  });

  it("fetch a provider's photo from the site's own files, and do without it when it cannot be had", async () => {
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
    const server = createServer((req, res) => {
      if (req.url === '/photos/jane.png') res.writeHead(200, { 'content-type': 'image/png' }).end(photo);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const page = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/og/jane-okafor.png`);
    try {
      expect(Buffer.from((await photoOf('/photos/jane.png', page))!)).toEqual(photo);
      expect(await photoOf('/photos/missing.png', page)).toBeUndefined();
    } finally {
      server.close();
    }
    expect(await photoOf('/photos/jane.png', page)).toBeUndefined();
  });

  it('are drawn on request, not at build time, and an unknown provider has none', async () => {
    await expect(readFile(join(dist(), 'og', `${slugs[0]}.png`))).rejects.toThrow(/ENOENT/);
    const res = await og(new Request(`${base}/og/nobody.png`), { params: { slug: 'nobody' } });
    expect(res.status).toBe(404);
  });
});

describe('structured data', () => {
  it.each(slugs)('/p/%s/ describes a ProfessionalService with the provider, their services and area', async (slug) => {
    const html = await readFile(join(dist(), 'p', slug, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const data = JSON.parse(scripts[0]!);
    expect(data).toMatchObject({ '@context': 'https://schema.org', '@type': 'ProfessionalService', url: `${base}/p/${slug}/`, image: `${base}/og/${slug}.png` });
    expect(data.founder['@type']).toBe('Person');
    expect(data.hasOfferCatalog.itemListElement.length).toBeGreaterThan(0);
    expect(scripts[0]).not.toMatch(/@example\.com/);
  });
});
