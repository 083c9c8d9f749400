import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { generateContent } from '../lib/content/generate.ts';
import { ContentError } from '../lib/content/load.ts';

/** Validates `content/` and writes the functions' copy of it before every build and dev run. */
export function vouchContent(): AstroIntegration {
  return {
    name: 'vouch-content',
    hooks: {
      'astro:config:setup': async ({ config }) => {
        try {
          await generateContent(fileURLToPath(config.root));
        } catch (error) {
          if (error instanceof ContentError) {
            // Astro prints the message as it is: it names each file and field.
            throw new Error(error.message);
          }
          throw error;
        }
      },
    },
  };
}
