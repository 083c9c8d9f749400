// Function modules behind a plain Node HTTP server on loopback, routed by exact path: what
// the function benchmarks measure, without Netlify's local emulator (about 1.1 s a call).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A modern Netlify function, called as the platform calls it. */
export type FunctionHandler = (req: Request, context: { waitUntil: (promise: Promise<unknown>) => void }) => Promise<Response>;

/**
 * Work functions leave running after their answer through `context.waitUntil`, as Netlify lets
 * them, and a way to wait for all of it; a failure goes to `failed` (by default, ignored).
 */
export function afterAnswers(failed: (error: unknown) => void = () => {}): { waitUntil: (promise: Promise<unknown>) => void; settled: () => Promise<void> } {
  const work = new Set<Promise<unknown>>();
  return {
    waitUntil(promise) {
      const tracked = promise.catch(failed).finally(() => work.delete(tracked));
      work.add(tracked);
    },
    async settled() {
      while (work.size > 0) await Promise.all(work);
    },
  };
}

/** Serves `routes` on a free loopback port; `context` is what each call receives. */
export async function serveFunctions(
  routes: Record<string, FunctionHandler>,
  context: { waitUntil: (promise: Promise<unknown>) => void } = { waitUntil: () => {} },
): Promise<{ base: string; close: () => void }> {
  const server = createServer(async (req, res) => {
    const handler = routes[req.url ?? ''];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const response = await handler(request, context);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
