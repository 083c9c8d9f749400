// @ts-check
// The bare Astro site the build-scaling benchmark compares Vouch with: no adapter, no
// integrations, no styles; the same providers and as many pages (3 per provider, plus two).
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'static',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});
