import { describe, expect, it } from 'vitest';
import { publicPaths } from '../../src/lib/domain/routes.ts';
import { jsonLd, providerPreview, providerStructuredData, robotsTxt, sitemapXml } from '../../src/lib/seo.ts';
import { provider } from '../fixtures/domain.ts';

const BASE = 'https://referrals.example.com';

/** The rules robots.txt gives one crawler: the group naming it, else the `*` group. */
function rulesFor(robots: string, agent: string): string[] {
  const groups = robots.split(/\n\n+/).map((group) => group.split('\n'));
  const names = (group: string[]) => group.filter((l) => l.startsWith('User-agent: ')).map((l) => l.slice(12).toLowerCase());
  const group = groups.find((g) => names(g).includes(agent.toLowerCase())) ?? groups.find((g) => names(g).includes('*'))!;
  return group.filter((l) => !l.startsWith('User-agent: '));
}

describe('robots.txt', () => {
  const robots = robotsTxt(BASE);

  it('keeps search engines out of personal links, share pages, forms, dashboards, the API and the mailbox', () => {
    const rules = rulesFor(robots, 'Googlebot');
    for (const path of ['/r/', '/share/', '/refer/', '/link/', '/dashboard/', '/me/', '/act/', '/respond/', '/unsubscribe/', '/api/', '/dev/']) expect(rules).toContain(`Disallow: ${path}`);
    expect(rules.some((rule) => rule === 'Disallow: /p/' || rule === 'Disallow: /')).toBe(false);
  });

  it('lets link previews read a personal link, and nothing else that is private', () => {
    const rules = rulesFor(robots, 'Twitterbot');
    expect(rules).toContain('Allow: /r/');
    expect(rules).not.toContain('Disallow: /r/');
    expect(rules).toContain('Disallow: /share/');
    expect(rules).toContain('Disallow: /api/');
  });

  it('names the sitemap by its absolute address', () => {
    expect(robots).toContain(`\nSitemap: ${BASE}/sitemap.xml\n`);
  });
});

describe('the sitemap', () => {
  it('lists the directory, every provider page and the privacy notice, and nothing personal', () => {
    const xml = sitemapXml(publicPaths(['jane-okafor', 'marcus-lee']).map((path) => `${BASE}${path}`));
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs).toEqual([`${BASE}/`, `${BASE}/p/jane-okafor/`, `${BASE}/p/marcus-lee/`, `${BASE}/privacy/`]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
  });

  it('escapes what XML needs escaped', () => {
    expect(sitemapXml(['https://x.test/?a=1&b=2'])).toContain('<loc>https://x.test/?a=1&amp;b=2</loc>');
  });
});

describe("a provider's structured data", () => {
  const jane = provider({ services: ['Retirement planning', 'Pensions'] });
  const data = providerStructuredData(jane, { page: `${BASE}/p/jane-okafor/`, image: `${BASE}/og/jane-okafor.png` });

  it('describes a professional service run by the provider, with their services and area', () => {
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ProfessionalService',
      name: 'Jane Okafor',
      description: jane.headline,
      url: `${BASE}/p/jane-okafor/`,
      image: `${BASE}/og/jane-okafor.png`,
      areaServed: 'Leeds',
      founder: { '@type': 'Person', name: 'Jane Okafor', jobTitle: jane.profession },
    });
    expect(data.hasOfferCatalog.itemListElement.map((offer) => offer.itemOffered.name)).toEqual(['Retirement planning', 'Pensions']);
  });

  it('never carries the addresses referrals are sent to', () => {
    expect(JSON.stringify(data)).not.toContain('jane@example.com');
  });

  it('cannot end its script early, whatever the content says', () => {
    const hostile = providerStructuredData(provider({ headline: '</script><script>alert(1)</script> & \u2028' }), { page: 'p', image: 'i' });
    const text = jsonLd(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });
});

describe('the link preview of a provider', () => {
  it("is the provider's name, trade and image, the same on their page and on every personal link", () => {
    expect(providerPreview(provider())).toEqual({
      title: 'Jane Okafor, Independent financial adviser',
      image: '/og/jane-okafor.png',
      imageAlt: 'Jane Okafor, Independent financial adviser: Clear, fee-based financial planning.',
    });
  });
});
