// /robots.txt: keeps personal pages, forms and the API out of search indexes; names the sitemap.
import type { APIRoute } from 'astro';
import { siteBaseUrl } from '../lib/pages/base-url.ts';
import { robotsTxt } from '../lib/seo.ts';

export const GET: APIRoute = () =>
  new Response(robotsTxt(siteBaseUrl()), { headers: { 'content-type': 'text/plain; charset=utf-8' } });
