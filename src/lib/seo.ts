// What search engines and link previews read: which pages are public, the sitemap, the robots
// rules, and a provider's structured data. Personal pages (a referrer's link, share page and
// card) and forms are never listed, and search engines are asked not to crawl them.
import type { ProviderEntry } from './domain/provider.ts';
import { paths, privatePrefixes } from './domain/routes.ts';
import { escapeHtml } from './email/html.ts';


/** The link preview of a provider, on their page and on every personal link to it: nothing about any referrer. */
export const providerPreview = (provider: Pick<ProviderEntry, 'slug' | 'name' | 'profession' | 'headline'>) => ({
  title: `${provider.name}, ${provider.profession}`,
  image: paths.previewImage(provider.slug),
  imageAlt: `${provider.name}, ${provider.profession}: ${provider.headline}`,
});

// Link-preview fetchers index nothing, and one that finds a personal link disallowed shows no
// preview at all (Twitterbot, for one, obeys robots.txt). They may read personal links, where
// the preview is the provider's; everything else stays closed to them too.
const previewBots = ['Twitterbot', 'facebookexternalhit', 'LinkedInBot', 'Slackbot-LinkExpanding', 'WhatsApp', 'TelegramBot', 'Discordbot'];

/** robots.txt: search engines keep out of personal pages and forms; link previews may read personal links. */
export function robotsTxt(baseUrl: string): string {
  const personalLink = paths.personalLink('');
  const disallow = (except: string[] = []) => privatePrefixes.filter((p) => !except.includes(p)).map((p) => `Disallow: ${p}`);
  return [
    'User-agent: *',
    ...disallow(),
    '',
    ...previewBots.map((bot) => `User-agent: ${bot}`),
    `Allow: ${personalLink}`,
    ...disallow([personalLink]),
    '',
    `Sitemap: ${baseUrl}/sitemap.xml`,
    '',
  ].join('\n');
}

/** sitemap.xml listing the given absolute URLs. */
export function sitemapXml(urls: readonly string[]): string {
  const entries = urls.map((url) => `  <url><loc>${escapeHtml(url)}</loc></url>`);
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...entries, '</urlset>', ''].join('\n');
}

/**
 * JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` escaped as \u003c and
 * friends, so that no text in it (a "</script>" in a headline) can end the script early.
 */
export const jsonLd = (value: unknown): string =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** schema.org data of a provider's page: a professional service run by a person, with their services and area. */
export function providerStructuredData(provider: ProviderEntry, urls: { page: string; image: string }) {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfessionalService',
    '@id': `${urls.page}#service`,
    name: provider.name,
    description: provider.headline,
    url: urls.page,
    image: urls.image,
    areaServed: provider.location,
    founder: { '@type': 'Person', name: provider.name, jobTitle: provider.profession },
    hasOfferCatalog: {
      '@type': 'OfferCatalog',
      name: 'Services',
      itemListElement: provider.services.map((service) => ({ '@type': 'Offer', itemOffered: { '@type': 'Service', name: service } })),
    },
  };
}
