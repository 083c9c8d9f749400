// /photos/<file>: providers' photos from content/photos/ as they are, for what needs the
// original (the link preview images drawn by netlify/functions/og.ts), and, for a WebP or AVIF
// photo, a JPEG copy at /photos/<file>.jpg: the preview's renderer reads neither format, and the
// build has sharp (Astro's image pipeline) where the function does not. Pages show resized copies.
import type { APIRoute } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { previewPhotoPath } from '../../lib/share/preview-photo.ts';

const dir = join(process.cwd(), 'content', 'photos');
const types: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };

export async function getStaticPaths() {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((file) => /\.(?:jpe?g|png|webp|avif)$/i.test(file));
  const copies = files.map((file) => previewPhotoPath(`/photos/${file}`).slice('/photos/'.length)).filter((copy) => !files.includes(copy));
  return [...files, ...copies].map((file) => ({ params: { file } }));
}

export const GET: APIRoute = async ({ params }) => {
  const file = params.file ?? '';
  const copyOf = /^(.+\.(?:webp|avif))\.jpg$/i.exec(file)?.[1];
  if (copyOf) {
    const jpeg = await sharp(await readFile(join(dir, copyOf))).jpeg({ quality: 90 }).toBuffer();
    return new Response(new Uint8Array(jpeg), { headers: { 'content-type': 'image/jpeg' } });
  }
  const type = types[file.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  return new Response(await readFile(join(dir, file)), { headers: { 'content-type': type } });
};
