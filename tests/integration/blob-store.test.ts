// The Blobs adapter against the real blob server, and against a proxy that fails the way
// the client hides: a conditional write answered 500 is reported as `modified: true`.
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../src/lib/adapters/blob-store.ts';
import { StorageUnavailable } from '../../src/lib/domain/ports.ts';
import { type LocalBlobs, pointBlobsAt, startBlobs } from '../support/blobs.ts';

let blobs: LocalBlobs;
beforeAll(async () => {
  blobs = await startBlobs();
});
afterAll(() => blobs.stop());

describe('create', () => {
  it('creates once, then answers that the key exists, keeping the first value', async () => {
    const store = createBlobStore();
    expect(await store.create('outbox', 'msg/once', { n: 1 })).toBe('created');
    expect(await store.create('outbox', 'msg/once', { n: 2 })).toBe('exists');
    expect(await store.get('outbox', 'msg/once')).toEqual({ n: 1 });
  });

  it('lets exactly one of many simultaneous creates of a key win', async () => {
    const store = createBlobStore();
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, n) => store.create('outbox', 'msg/race', { n })));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
  });

  it('reports storage as unavailable when the server fails a conditional write, instead of "created"', async () => {
    const target = new URL(blobs.url);
    const proxy = createServer((req, res) => {
      if (req.method === 'PUT' && req.headers['if-none-match']) {
        req.resume();
        res.writeHead(500).end();
        return;
      }
      const upstream = forward({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const restore = pointBlobsAt(url, { siteID: 'vouch-test', token: 'test-token' });
    try {
      const store = createBlobStore();
      await store.put('outbox', 'msg/plain', { ok: true });
      expect(await store.get('outbox', 'msg/plain')).toEqual({ ok: true });
      await expect(store.create('outbox', 'msg/guarded', { n: 1 })).rejects.toBeInstanceOf(StorageUnavailable);
      expect(await store.get('outbox', 'msg/guarded')).toBeNull();
    } finally {
      restore();
      proxy.close();
    }
  });
});
