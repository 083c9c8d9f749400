import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';

/** The same provider files as Vouch's, checked only for what the pages show. */
const providers = defineCollection({
  loader: glob({ pattern: '*.md', base: './content/providers' }),
  schema: z.looseObject({ name: z.string(), headline: z.string() }),
});

export const collections = { providers };
