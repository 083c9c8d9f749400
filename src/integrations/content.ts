import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { generateContent } from '../lib/content/generate.ts';
import { ContentError } from '../lib/content/load.ts';

/**
 * Validates `content/` and writes the functions' copy of it before every build and dev run,
 * and again whenever a file in `content/` changes while the dev server runs.
 */
export function vouchContent(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'vouch-content',
    hooks: {
      'astro:config:setup': async ({ config }) => {
        root = fileURLToPath(config.root);
        try {
          await generateContent(root);
        } catch (error) {
          if (error instanceof ContentError) {
            // Astro prints the message as it is: it names each file and field.
            throw new Error(error.message);
          }
          throw error;
        }
      },
      'astro:server:setup': ({ server, logger }) => {
        const folder = join(root, 'content');
        const regenerate = regenerator(root, logger);
        server.watcher.add(folder);
        for (const event of ['add', 'change', 'unlink'] as const) {
          server.watcher.on(event, (file: string) => {
            if (file.startsWith(folder + sep)) regenerate();
          });
        }
      },
    },
  };
}

/**
 * Writes the functions' copy of `content/` again, one run after another, so that the email
 * previews and the functions read what was just saved. A mistake is logged, naming the file and
 * the field, and the last good copy stays in use.
 */
function regenerator(root: string, logger: AstroIntegrationLogger): () => void {
  let queue = Promise.resolve();
  return () => {
    queue = queue
      .then(() => generateContent(root))
      .then(
        () => logger.info('content/ changed: the functions and the email previews use it from the next request'),
        (error: unknown) => logger.error(error instanceof ContentError ? error.message : String(error)),
      );
  };
}
