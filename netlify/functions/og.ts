// GET /og/<slug>.png: a provider's link preview image (Open Graph, Twitter card), drawn on its
// first request after a deploy and then served by Netlify's CDN until the next deploy, which
// empties the cache. Drawn here rather than at build time: an image takes about 70 ms, which
// at 10,000 providers would be most of a build, for images only shared links ever ask for.
import type { Config } from '@netlify/functions';
import { contentDirectory } from '../../src/lib/content/index.ts';
import { getSite } from '../../src/lib/content/site.ts';
import { guarded } from '../../src/lib/http/guard.ts';
import { preparePreviewImage, renderPreviewImage } from '../../src/lib/share/preview-image.ts';
import { previewPhotoPath } from '../../src/lib/share/preview-photo.ts';

/** How long a photo fetch from the site itself may take before the image is drawn without it. */
const PHOTO_TIMEOUT_MS = 3_000;

/** The provider's photo, from the site's own static files (a function cannot read `public/`); nothing if it cannot be had. */
export async function photoOf(src: string, page: URL): Promise<Uint8Array | undefined> {
  try {
    const res = await fetch(new URL(src, page), { signal: AbortSignal.timeout(PHOTO_TIMEOUT_MS) });
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}

export default guarded('GET /og', async (req: Request, context?: { params?: Record<string, string> }) => {
  const url = new URL(req.url);
  const slug = context?.params?.slug ?? /^\/og\/([^/]+)\.png$/.exec(url.pathname)?.[1] ?? '';
  const provider = contentDirectory().get(slug);
  if (!provider) return new Response('No such provider.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const site = getSite();
  preparePreviewImage();
  const photo = provider.photo ? await photoOf(previewPhotoPath(provider.photo.src), url) : undefined;
  const { name, profession, headline, location } = provider;
  const png = await renderPreviewImage({ name, profession, headline, location, siteName: site.siteName, brandColour: site.brandColour, ...(photo ? { photo } : {}) });
  // A photo that could not be fetched is tried again soon, not kept out of the image until the next deploy.
  const complete = !provider.photo || photo !== undefined;
  return new Response(new Uint8Array(png), {
    headers: {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=3600',
      'netlify-cdn-cache-control': complete ? 'public, durable, s-maxage=31536000' : 'public, s-maxage=300',
    },
  });
});

export const config: Config = { path: '/og/:slug.png', method: 'GET' };
