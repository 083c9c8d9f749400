// Apart from the provider schema (provider.ts), which content is validated with at build time: the
// code that runs per request imports this, and so never builds that schema.

/** A provider's photo as an email may show it: its path for a JPEG or PNG (mail clients show no WebP or AVIF). */
export const emailPhotoOf = (provider: { photo?: { src: string } | undefined }): string | undefined =>
  provider.photo && /\.(?:jpe?g|png)$/i.test(provider.photo.src) ? provider.photo.src : undefined;
