import generated from '../../generated/stories.json' with { type: 'json' };

const stories: Record<string, string> = generated;

/** A provider's story (the Markdown body of their file) as HTML, for pages rendered on demand. */
export const storyOf = (slug: string): string => (Object.hasOwn(stories, slug) ? (stories[slug] as string) : '');
