// The real Netlify Blobs server in a process of its own, as the functions meet it on Netlify:
// another machine's work, not a share of the calling process's CPU. Points `getStore()` at it
// through NETLIFY_BLOBS_CONTEXT (`pointBlobsAt`), as tests/support/blobs.ts does in-process.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pointBlobsAt, startBlobs } from '../tests/support/blobs.ts';

const TOKEN = 'bench-token';

const child = `
import { BlobsServer } from '@netlify/blobs/server';
const server = new BlobsServer({ directory: process.argv[1], token: ${JSON.stringify(TOKEN)} });
const { port } = await server.start();
console.log(port);
`;

/** A running Blobs server: its URL, and how to stop it (and forget its data). */
export type BenchBlobs = { url: string; stop(): Promise<void> };

/** Starts a Blobs server in a child process (`where: 'process'`) or in this one. */
export async function startBenchBlobs(where: 'process' | 'in-process', options: { etags?: boolean } = {}): Promise<BenchBlobs> {
  if (where === 'in-process') return startBlobs();
  const directory = await mkdtemp(join(tmpdir(), 'vouch-bench-blobs-'));
  // The child's BlobsServer listens on loopback only, as every server of the benchmarks does.
  const loopbackOnly = `--import=${new URL('../scripts/lib/loopback-only.ts', import.meta.url).href}`;
  const listing = `--import=${new URL('../tests/support/blobs-walk.ts', import.meta.url).href}`;
  // With `etags`, reads answer the blob's version as on Netlify (see blobs-etag.ts).
  const etags = options.etags ? [`--import=${new URL('./blobs-etag.ts', import.meta.url).href}`] : [];
  const server: ChildProcess = spawn(process.execPath, [loopbackOnly, listing, ...etags, '--input-type=module', '-e', child, directory], {
    cwd: new URL('..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${Number(line.toString().trim())}`;
  const restore = pointBlobsAt(url, { siteID: 'vouch-bench', token: TOKEN });
  return {
    url,
    async stop() {
      server.kill();
      await once(server, 'exit');
      restore();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
