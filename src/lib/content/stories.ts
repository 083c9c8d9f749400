import { join } from 'node:path';
import { createFileCache, findGenerated } from './files.ts';
import { isSlug, STORIES_DIR } from './layout.ts';

const files = createFileCache();
let generated: string | undefined;

/** A provider's story (the Markdown body of their file) as HTML, for pages rendered on demand: read from that provider's file alone. */
export const storyOf = (slug: string): string =>
  (isSlug(slug) && files.read(join((generated ??= findGenerated()), STORIES_DIR, `${slug}.html`), (text) => text)) || '';
