import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { Provider } from './lib/domain/provider.ts';

/** One Markdown file per provider in `content/providers/`; the frontmatter follows `Provider`. */
const providers = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/providers' }),
  schema: Provider,
});

export const collections = { providers };
