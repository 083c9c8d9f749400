// @ts-check
import { readFileSync } from 'node:fs';
import netlify from '@astrojs/netlify';
import { defineConfig } from 'astro/config';
import { ssrContent } from './src/lib/content/ssr-function.ts';

const site = JSON.parse(readFileSync(new URL('./content/site.json', import.meta.url), 'utf8'));

export default defineConfig({
  site: process.env.VOUCH_BASE_URL || site.baseUrl,
  output: 'static',
  // The adapter's function serves the pages that depend on a person: personal links,
  // forms that must work without JavaScript, and the local mailbox. Everything else is static.
  // Providers' photos are resized at build time into files (AVIF, WebP) served like any other
  // static file, rather than by Netlify's image CDN on each first request.
  adapter: netlify({
    imageCDN: false,
    devFeatures: { images: true, environmentVariables: false, edgeFunctions: false },
  }),
  // The pages rendered on demand read providers and their stories from src/generated/ as they
  // need them (src/lib/content/), so those files go with the function rather than into its code:
  // copied into it once the adapter has written it (src/lib/content/ssr-function.ts says why not by
  // the adapter's `includeFiles`).
  integrations: [ssrContent()],
  server: { port: Number(process.env.PORT || 4321), host: process.env.HOST || 'localhost' },
  build: { format: 'directory', inlineStylesheets: 'always' },
  devToolbar: { enabled: false },
});
