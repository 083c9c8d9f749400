// The Blobs adapter against the real blob server, and against a proxy that fails the way
// the client hides: a conditional write answered 500 is reported as `modified: true`.
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../src/lib/adapters/blob-store.ts';
import { StorageUnavailable } from '../../src/lib/domain/ports.ts';
import { type LocalBlobs, pointBlobsAt, startBlobs } from '../../scripts/lib/blobs-server.ts';

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

/**
 * A proxy in front of the blob server that may answer a PUT itself (`status`), forward it and
 * drop the ETag of its answer (`strip`), or forward it as it is (undefined).
 */
async function behindProxy(decide: (req: { method?: string; ifMatch: boolean }) => { status: number } | 'strip' | undefined) {
  const target = new URL(blobs.url);
  const proxy = createServer((req, res) => {
    const decision = decide({ method: req.method, ifMatch: Boolean(req.headers['if-match']) });
    if (decision && decision !== 'strip') {
      req.resume();
      res.writeHead(decision.status).end();
      return;
    }
    const upstream = forward({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      if (decision === 'strip') delete headers.etag;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const restore = pointBlobsAt(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, { siteID: 'vouch-test', token: 'test-token' });
  return () => {
    restore();
    proxy.close();
  };
}

// Before Store.update existed (main at f9932c7), every change was a plain put after a read.
describe('update', () => {
  it('changes what is stored now: 50 increments at once lose none', async () => {
    const store = createBlobStore();
    await store.put('referrals', 'counter', { n: 0 });
    await Promise.all(Array.from({ length: 50 }, () => store.update<{ n: number }>('referrals', 'counter', (c) => ({ n: (c?.n ?? 0) + 1 }))));
    expect(await store.get('referrals', 'counter')).toEqual({ n: 50 });
  });

  it('creates a missing key only if still missing, and leaves it be when the change answers null', async () => {
    const store = createBlobStore();
    expect(await store.update('referrals', 'fresh', () => ({ v: 1 }))).toEqual({ v: 1 });
    expect(await store.update('referrals', 'fresh', () => null)).toEqual({ v: 1 });
    expect(await store.update('referrals', 'absent', () => null)).toBeNull();
    expect(await store.get('referrals', 'absent')).toBeNull();
  });

  it('reads again and changes the newer value when another writer got in first (412)', async () => {
    const store = createBlobStore();
    await store.put('referrals', 'contested', { history: ['a'] });
    let refused = 0;
    const restore = await behindProxy((req) => (req.method === 'PUT' && req.ifMatch && refused++ === 0 ? { status: 412 } : undefined));
    const seen: unknown[] = [];
    try {
      const after = await store.update<{ history: string[] }>('referrals', 'contested', (current) => {
        seen.push(current);
        return { history: [...(current?.history ?? []), 'b'] };
      });
      expect(after).toEqual({ history: ['a', 'b'] });
      expect(seen).toHaveLength(2);
    } finally {
      restore();
    }
    expect(await store.get('referrals', 'contested')).toEqual({ history: ['a', 'b'] });
  });

  it('takes a success without an ETag only once a read shows the value written', async () => {
    const store = createBlobStore();
    await store.put('referrals', 'unversioned', { v: 1 });
    const restore = await behindProxy((req) => (req.method === 'PUT' && req.ifMatch ? 'strip' : undefined));
    try {
      expect(await store.update('referrals', 'unversioned', () => ({ v: 2 }))).toEqual({ v: 2 });
    } finally {
      restore();
    }
  });

  it('reports storage as unavailable when a conditional write answers 200 without an ETag but wrote nothing, or fails', async () => {
    const store = createBlobStore();
    await store.put('referrals', 'phantom', { v: 1 });
    for (const status of [200, 500, 401]) {
      const restore = await behindProxy((req) => (req.method === 'PUT' && req.ifMatch ? { status } : undefined));
      try {
        await expect(store.update('referrals', 'phantom', () => ({ v: 2 }))).rejects.toBeInstanceOf(StorageUnavailable);
      } finally {
        restore();
      }
      expect(await store.get('referrals', 'phantom')).toEqual({ v: 1 });
    }
  });
});
