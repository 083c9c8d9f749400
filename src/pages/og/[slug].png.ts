// /og/<slug>.png: a provider's link preview image, written as a static file at build time.
// Provider pages and personal links point their Open Graph and Twitter card image here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRoute } from 'astro';
import { getSite } from '../../lib/content/site.ts';
import type { ProviderEntry } from '../../lib/domain/provider.ts';
import { providerPaths } from '../../lib/pages/provider-paths.ts';
import { renderPreviewImage } from '../../lib/share/preview-image.ts';

export const getStaticPaths = providerPaths;

export const GET: APIRoute<{ provider: ProviderEntry }> = async ({ props: { provider } }) => {
  const site = getSite();
  // Builds run from the project's root, where public/ is.
  const photo = provider.photo ? await readFile(join(process.cwd(), 'public', provider.photo.src)) : undefined;
  const { name, profession, headline, location } = provider;
  const png = await renderPreviewImage({ name, profession, headline, location, siteName: site.siteName, brandColour: site.brandColour, ...(photo ? { photo } : {}) });
  return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png' } });
};
