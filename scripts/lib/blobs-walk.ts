// Netlify's local Blobs server lists a store by walking its folders, and a write renames a
// temporary file in the key's folder as it lands: a listing that meets one of those files
// just as it is renamed stops there and answers what it had so far, without error. Netlify's
// own servers list atomically. Importing this module makes the local server skip a file that
// vanished while it was listed, as a listing on Netlify would, so that tests and benchmarks
// do not mistake that for the product losing keys. A write's temporary file is never listed.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';

type WalkOptions = { directories: boolean; path: string; prefix: string; rootPath: string; result: { blobs?: unknown[]; directories?: string[] } };
type Walkable = { walk(options: WalkOptions): Promise<void>; generateETag(path: string): Promise<string> };

const server = BlobsServer as unknown as Walkable;

server.walk = async function walk(options: WalkOptions): Promise<void> {
  const { directories, path, prefix, result, rootPath } = options;
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    // A write's temporary file (`.<random>`), not a key.
    if (entry.startsWith('.')) continue;
    const entryPath = join(path, entry);
    const info = await stat(entryPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!info) continue;
    const key = relative(rootPath, entryPath).split(sep).join('/');
    if (!prefix.startsWith(key.slice(0, prefix.length))) continue;
    if (!info.isDirectory()) {
      const etag = await server.generateETag(entryPath).catch(() => null);
      if (etag !== null) result.blobs?.push({ etag, key, last_modified: info.mtime.toISOString(), size: info.size });
      continue;
    }
    if (directories && key.startsWith(prefix)) {
      result.directories?.push(key);
      continue;
    }
    await walk({ directories, path: entryPath, prefix, rootPath, result });
  }
};
