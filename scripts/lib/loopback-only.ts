// Loaded before `astro dev` (node --import): a server that asks for no address listens on
// loopback, not on every interface. Netlify's local emulation starts its Blobs server and more
// with `listen(port)` and no host, which would put a developer's local referral data one port
// away from anyone on the same network. A server given a host (astro's own, from HOST) keeps it.
import { Server } from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = Server.prototype.listen;

Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]) {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !('_handle' in first) && !('fd' in first)) {
    const options = first as { path?: string; host?: string };
    if (options.path === undefined && options.host === undefined) args[0] = { ...options, host: LOOPBACK };
  } else if ((typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) && typeof second !== 'string') {
    args.splice(1, 0, LOOPBACK);
  } else if (first === undefined || typeof first === 'function') {
    args.splice(0, 0, 0, LOOPBACK);
  }
  return listen.apply(this, args as Parameters<typeof listen>);
} as typeof listen;
