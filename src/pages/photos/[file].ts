// /photos/<file>: providers' photos from content/photos/ as they are, for what needs the
// original (the link preview images drawn by netlify/functions/og.ts). Pages show resized copies.
import type { APIRoute } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = join(process.cwd(), 'content', 'photos');
const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };

export async function getStaticPaths() {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.filter((file) => /\.(?:jpe?g|png|webp|avif)$/i.test(file)).map((file) => ({ params: { file } }));
}

export const GET: APIRoute = async ({ params }) => {
  const file = params.file ?? '';
  const type = types[file.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return new Response(await readFile(join(dir, file)), { headers: { 'content-type': type } });
};
