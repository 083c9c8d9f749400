import { getCollection } from 'astro:content';

/** One static page per provider, with the provider (slug included) as its prop. */
export async function providerPaths() {
  const providers = await getCollection('providers');
  return providers.map((entry) => ({ params: { slug: entry.id }, props: { provider: { ...entry.data, slug: entry.id } } }));
}
