// Servers the tests, serve:built and npm start open listen on loopback only: BlobsServer takes no
// address and would otherwise listen on every interface (npm start's own servers are checked by
// .ci/first-start.ts, which reads the same kernel tables for its whole process group).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import '../../scripts/lib/loopback-only.ts';
import { startBlobs } from '../../scripts/lib/blobs-server.ts';

/** The addresses (hex, as the kernel lists them) that something listens on at `port`. */
async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (await readFile(table, 'utf8')).split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [address, hexPort] = (cols[1] ?? '').split(':');
      if (cols[3] === '0A' && parseInt(hexPort ?? '', 16) === port) found.push(address!);
    }
  }
  return found;
}

const IPV4_LOOPBACK = '0100007F';

describe('servers opened without an address', () => {
  it('the Blobs server of the tests and of serve:built listens on 127.0.0.1 only', async () => {
    const blobs = await startBlobs();
    try {
      expect(await listeningAddresses(Number(new URL(blobs.url).port))).toEqual([IPV4_LOOPBACK]);
    } finally {
      await blobs.stop();
    }
  });

  it('any listen() without a host lands on loopback, and a host given on purpose is kept', async () => {
    for (const listen of [
      (s: ReturnType<typeof createServer>, done: () => void) => s.listen(0, done),
      (s: ReturnType<typeof createServer>, done: () => void) => s.listen({ port: 0 }, done),
      (s: ReturnType<typeof createServer>, done: () => void) => s.listen(done),
    ]) {
      const server = createServer();
      await new Promise<void>((done) => listen(server, done));
      const { port } = server.address() as { port: number };
      expect(await listeningAddresses(port)).toEqual([IPV4_LOOPBACK]);
      await new Promise((done) => server.close(done));
    }
    const explicit = createServer();
    await new Promise<void>((done) => explicit.listen(0, '::1', done));
    expect(await listeningAddresses((explicit.address() as { port: number }).port)).toEqual(['00000000000000000000000001000000']);
    await new Promise((done) => explicit.close(done));
  });
});
