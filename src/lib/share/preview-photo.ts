/**
 * Where a link preview image finds a provider's photo on the site: the original for a JPEG or PNG,
 * else the JPEG copy the build publishes beside it (`src/pages/photos/[file].ts`), since the
 * preview's renderer (resvg) reads neither WebP nor AVIF.
 */
export const previewPhotoPath = (src: string): string => (/\.(?:jpe?g|png)$/i.test(src) ? src : `${src}.jpg`);
