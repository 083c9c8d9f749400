// Makes the local Blobs server answer a read with the blob's version (ETag), as Netlify's does.
// Without it the store adapter finds a version by listing the key's folder before each
// conditional write, which on the local server means a stat of every file there: with 100,000
// referrals in `id/`, a second or more per write, a cost no deployed site has. Imported by the
// scale benchmark's Blobs process (`startBlobsProcess({ imports: [...] })`).
import { BlobsServer } from '@netlify/blobs/server';

type Local = {
  parseAPIRequest(req: Request): { url: URL; useSignedURL?: boolean } | null;
  getLocalPaths(url: URL): { dataPath?: string; key?: string };
  address: string;
};
const server = BlobsServer as unknown as { prototype: { get(req: Request): Promise<Response> }; generateETag(path: string): Promise<string> };
const original = server.prototype.get;

server.prototype.get = async function get(this: Local, req: Request): Promise<Response> {
  const api = this.parseAPIRequest(req);
  const { dataPath, key } = api?.useSignedURL ? {} : this.getLocalPaths(api?.url ?? new URL(req.url ?? '', this.address));
  // The version first: a write between it and the read makes a conditional write on it fail, never succeed wrongly.
  const etag = key && dataPath ? await server.generateETag(dataPath).catch(() => null) : null;
  const answer = await original.call(this, req);
  if (etag && answer.status === 200) answer.headers.set('etag', etag);
  return answer;
};
