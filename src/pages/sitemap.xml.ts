// /sitemap.xml: the public pages only (directory, provider pages, privacy), built with the site.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { siteBaseUrl } from '../lib/pages/base-url.ts';
import { publicPaths } from '../lib/domain/routes.ts';
import { sitemapXml } from '../lib/seo.ts';

export const GET: APIRoute = async () => {
  const base = siteBaseUrl();
  const slugs = (await getCollection('providers')).map((entry) => entry.id).sort();
  return new Response(sitemapXml(publicPaths(slugs).map((path) => `${base}${path}`)), {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
