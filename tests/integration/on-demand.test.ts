// The function that renders pages on demand, as built (`npm test` builds first): it reads
// providers from the generated content, one file per provider as a page needs it, never from
// Astro's content store or a file of every provider (which would be loaded on every cold start),
// and a personal link still tells the provider's story exactly as their own page does.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtPaths, personalLinkCode, startBuiltSite } from '../../scripts/lib/serve-built.ts';

const root = process.cwd();
const slugs = (await readdir(join(root, 'content/providers'))).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();

/** What a provider page says under "About <first name>": the story from the Markdown body. */
const storyIn = (html: string): string | undefined => /<h2[^>]*>About [^<]+<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1]?.trim();

describe('the on-demand function', () => {
  it('does not carry Astro’s content store', async () => {
    const built = join(dirname(builtPaths(root).ssr), '.netlify', 'build');
    const files = await readdir(built, { recursive: true });
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => /data-layer-content/.test(file))).toEqual([]);
  });

  it('carries each provider and story as a file of its own, read when a page needs it, not in its code', async () => {
    const functionDir = dirname(builtPaths(root).ssr);
    const code = await Promise.all(
      (await readdir(join(functionDir, '.netlify', 'build'), { recursive: true }))
        .filter((file) => file.endsWith('.mjs'))
        .map((file) => readFile(join(functionDir, '.netlify', 'build', file), 'utf8')),
    );
    for (const slug of slugs) {
      const provider = JSON.parse(await readFile(join(functionDir, 'src/generated/providers', `${slug}.json`), 'utf8')) as { headline: string };
      expect(await readFile(join(functionDir, 'src/generated/stories', `${slug}.html`), 'utf8')).toMatch(/^<p>/);
      expect(code.filter((text) => text.includes(provider.headline)), `${slug}'s headline in the function's code`).toEqual([]);
    }
  });

  it('shows a personal link with the provider’s story, the same as on their page', async () => {
    const { dist } = builtPaths(root);
    const site = await startBuiltSite({ root });
    try {
      for (const slug of slugs) {
        const page = storyIn(await readFile(join(dist, 'p', slug, 'index.html'), 'utf8'));
        expect(page, `the story on /p/${slug}/`).toMatch(/^<p>.{40,}/s);
        const code = await personalLinkCode(site, slug);
        const response = await fetch(`${site.url}/r/${code}`);
        expect(response.status).toBe(200);
        expect(storyIn(await response.text()), `the story on ${slug}'s personal link`).toBe(page);
      }
    } finally {
      await site.close();
    }
  });
});
