// The real Netlify Blobs server that @netlify/blobs ships, on a free loopback port and a
// temporary folder, wired to handlers through NETLIFY_BLOBS_CONTEXT as Netlify does: in this
// process, or in one of its own (another machine's work, as on Netlify). Tests and benchmarks share it.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobsServer } from '@netlify/blobs/server';
import './blobs-walk.ts';
// BlobsServer takes no address and would listen on every interface: loopback only, as under npm start.
import './loopback-only.ts';

export type LocalBlobs = {
  url: string;
  directory: string;
  /** Every stored value (as text) under the folder, for scans of what was kept. */
  dump(): Promise<string[]>;
  stop(): Promise<void>;
};

/**
 * Points `getStore()` at a Blobs server, as Netlify does, through NETLIFY_BLOBS_CONTEXT (with
 * the uncached URL too, for strong consistency); answers how to put the previous value back.
 */
export function pointBlobsAt(url: string, site: { siteID: string; token: string }): () => void {
  const previous = process.env.NETLIFY_BLOBS_CONTEXT;
  process.env.NETLIFY_BLOBS_CONTEXT = Buffer.from(JSON.stringify({ edgeURL: url, uncachedEdgeURL: url, ...site })).toString('base64');
  return () => {
    if (previous === undefined) delete process.env.NETLIFY_BLOBS_CONTEXT;
    else process.env.NETLIFY_BLOBS_CONTEXT = previous;
  };
}

/** Starts a blob server and points `getStore()` at it; `stop()` undoes both. */
export async function startBlobs(): Promise<LocalBlobs> {
  const directory = await mkdtemp(join(tmpdir(), 'vouch-blobs-'));
  const token = 'test-token';
  const server = new BlobsServer({ directory, token });
  const { port } = await server.start();
  const url = `http://127.0.0.1:${port}`;
  const restore = pointBlobsAt(url, { siteID: 'vouch-test', token });

  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(
      entries.map((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : readFile(join(dir, entry.name), 'utf8').then((t) => [t]))),
    );
    return nested.flat();
  };

  return {
    url,
    directory,
    dump: () => walk(directory),
    async stop() {
      await server.stop();
      restore();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The child that runs a Blobs server, and in front of it a proxy that holds each request `latency` ms, as a network would. */
const child = `
import { createServer, request } from 'node:http';
import { BlobsServer } from '@netlify/blobs/server';
const [directory, token, latency] = process.argv.slice(1);
const server = new BlobsServer({ directory, token });
const { port } = await server.start();
if (Number(latency) === 0) console.log(port);
else createServer((req, res) => {
  setTimeout(() => {
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  }, Number(latency));
}).listen(0, '127.0.0.1', function () { console.log(this.address().port); });
`;

/**
 * Starts a Blobs server in a process of its own, behind a round trip of `latencyMs` (none: no proxy in front), with the
 * modules `imports` loaded first (a benchmark's changes to the server), and points
 * `getStore()` at it: storage as the functions meet it on Netlify, another machine away.
 */
export async function startBlobsProcess(options: { latencyMs: number; imports?: string[] }): Promise<Pick<LocalBlobs, 'url' | 'stop'>> {
  const directory = await mkdtemp(join(tmpdir(), 'vouch-blobs-'));
  const token = 'test-token';
  // The child's BlobsServer listens on loopback only, as every server of the tests and benchmarks does.
  const loopbackOnly = `--import=${new URL('./loopback-only.ts', import.meta.url).href}`;
  const listing = `--import=${new URL('./blobs-walk.ts', import.meta.url).href}`;
  const hooks = (options.imports ?? []).map((url) => `--import=${url}`);
  const server: ChildProcess = spawn(process.execPath, [loopbackOnly, listing, ...hooks, '--input-type=module', '-e', child, directory, token, String(options.latencyMs)], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${Number(line.toString().trim())}`;
  const restore = pointBlobsAt(url, { siteID: 'vouch-test', token });
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
