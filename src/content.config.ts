import { defineCollection } from 'astro:content';
import { providersLoader } from './lib/content/loader.ts';
import { Provider } from './lib/domain/provider.ts';

/**
 * One Markdown file per provider in `content/providers/`; the frontmatter follows `Provider`.
 * The loader validates each file with that schema itself, to name the file and the field of
 * every mistake; here the schema gives the entries their type.
 */
const providers = defineCollection({
  loader: providersLoader(),
  schema: Provider,
});

export const collections = { providers };
