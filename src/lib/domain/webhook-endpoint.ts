// A webhook endpoint as a provider's content file names it, and which network addresses a webhook
// may be sent to. A webhook's URL comes from a content file, and the address its name resolves to
// is looked up when it is sent: both are checked here, so that no URL, and no DNS answer, can
// point Vouch's functions at the network they run in.
import { z } from 'zod';

/** What the name of a webhook's secret variable must look like: the prefix keeps content from naming any other variable of the site. */
export const WEBHOOK_SECRET_NAME = /^WEBHOOK_SECRET_[A-Z0-9]+(?:_[A-Z0-9]+)*$/;

/** Why a URL cannot be a webhook endpoint, or null. The address its name resolves to is checked again when each event is sent. */
export function endpointUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a full https:// address, e.g. https://hooks.zapier.com/hooks/catch/123456/abcdef/';
  }
  if (url.protocol !== 'https:') return `must be an https:// address, not ${url.protocol.replace(/:$/, '')}: events carry people's details and travel encrypted only`;
  if (url.username || url.password) return 'must not hold a user name or password (before an @): the signature proves where each event comes from, and a URL shows in logs';
  if (url.port) return `must not name a port (:${url.port}): events go to the standard https port only, so that no content file can point the site at another service`;
  if (url.hash) return 'must not end in a #fragment: it is never sent';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const range = ipFamily(host) ? refusedRange(host) : null;
  const problem = range ? `is ${/^(?:[aeio]|IPv|un(?!ique))/i.test(range) ? 'an' : 'a'} ${range} address` : ipFamily(host) ? null : localHostName(host);
  return problem ? `${url.hostname} ${problem}: events go to public addresses only` : null;
}

/** Whether a value looks like a secret (a whsec_ key, an API key) rather than the name of a variable. */
const looksLikeSecret = (value: string): boolean => /^(?:whsec|sk|re|rk|pk)_/i.test(value) || (value.length >= 20 && /[a-z]/.test(value) && /\d/.test(value));

/**
 * Where a provider's referral events go (content, `webhook` in `content/providers/<slug>.md`).
 * Messages never repeat what was written: a secret pasted by mistake must not reach a build log.
 */
export const WebhookEndpoint = z.strictObject({
  /** The receiver's address: https, on a public host, standard port, no user name or password, e.g. a Zapier, Make or n8n "catch webhook" URL. */
  url: z
    .string()
    .trim()
    .max(500)
    .superRefine((value, ctx) => {
      const problem = endpointUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** The name (never the value) of the environment variable holding the endpoint's whsec_… signing secret, e.g. WEBHOOK_SECRET_JANE_OKAFOR. */
  secretVariable: z.string({ error: 'must be the name of an environment variable, e.g. WEBHOOK_SECRET_JANE_OKAFOR' }).superRefine((value, ctx) => {
    if (looksLikeSecret(value)) {
      ctx.addIssue({
        code: 'custom',
        message:
          'looks like a secret itself. Never write a secret in content/ (it is published with the code): set it as an environment variable, e.g. WEBHOOK_SECRET_JANE_OKAFOR=whsec_…, and write that name here',
      });
    } else if (!WEBHOOK_SECRET_NAME.test(value) || value.length > 64) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be the name of an environment variable that starts with WEBHOOK_SECRET_, e.g. WEBHOOK_SECRET_JANE_OKAFOR (capital letters, digits and _, at most 64)',
      });
    }
  }),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** Why an address is refused: the kind of network it belongs to. */
export type RefusedRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (CGNAT)'
  | 'link-local'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'unique local (IPv6 ULA)'
  | 'site-local'
  | 'IPv4-mapped'
  | 'IPv4-embedding';

type Range = { bits: number[]; prefix: number; kind: RefusedRange };

/** The bytes of a dotted IPv4 address, or null. */
function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part))) return null;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

/** The 16 bytes of an IPv6 address (`::` and an IPv4 tail allowed, zone id dropped), or null. */
function ipv6Bytes(input: string): number[] | null {
  let text = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!text.includes(':')) return null;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const bytes = ipv4Bytes(tail);
    if (!bytes) return null;
    text = `${text.slice(0, lastColon + 1)}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return null;
  return groups.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]);
}

const v4 = (a: number, b: number, c: number, d: number, prefix: number, kind: RefusedRange): Range => ({ bits: [a, b, c, d], prefix, kind });
const v6 = (groups: number[], prefix: number, kind: RefusedRange): Range => ({ bits: groups.flatMap((g) => [g >> 8, g & 0xff]), prefix, kind });

/** IPv4 networks no webhook goes to (RFC 6890 and its updates). */
const IPV4_REFUSED: Range[] = [
  v4(0, 0, 0, 0, 8, 'unspecified'),
  v4(10, 0, 0, 0, 8, 'private'),
  v4(100, 64, 0, 0, 10, 'shared (CGNAT)'),
  v4(127, 0, 0, 0, 8, 'loopback'),
  v4(169, 254, 0, 0, 16, 'link-local'),
  v4(172, 16, 0, 0, 12, 'private'),
  v4(192, 0, 0, 0, 24, 'reserved'),
  v4(192, 0, 2, 0, 24, 'documentation'),
  v4(192, 88, 99, 0, 24, 'reserved'),
  v4(192, 168, 0, 0, 16, 'private'),
  v4(198, 18, 0, 0, 15, 'reserved'),
  v4(198, 51, 100, 0, 24, 'documentation'),
  v4(203, 0, 113, 0, 24, 'documentation'),
  v4(224, 0, 0, 0, 4, 'multicast'),
  v4(240, 0, 0, 0, 4, 'reserved'),
];

/**
 * IPv6 networks no webhook goes to. Addresses that carry an IPv4 address inside (mapped,
 * compatible, NAT64, 6to4, Teredo) are refused whole: what they reach is decided elsewhere.
 */
const IPV6_REFUSED: Range[] = [
  v6([0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'),
  v6([0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'),
  v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, 'IPv4-mapped'),
  v6([0, 0, 0, 0, 0, 0, 0, 0], 96, 'IPv4-embedding'),
  v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, 'IPv4-embedding'),
  v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, 'IPv4-embedding'),
  v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, 'reserved'),
  v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, 'IPv4-embedding'),
  v6([0x2001, 0x10, 0, 0, 0, 0, 0, 0], 28, 'reserved'),
  v6([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, 'reserved'),
  v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, 'documentation'),
  v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, 'IPv4-embedding'),
  v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, 'documentation'),
  v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, 'unique local (IPv6 ULA)'),
  v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, 'link-local'),
  v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, 'site-local'),
  v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, 'multicast'),
];

const within = (bytes: number[], range: Range): boolean => {
  for (let bit = 0; bit < range.prefix; bit++) {
    const mask = 0x80 >> bit % 8;
    if ((bytes[bit >> 3]! & mask) !== (range.bits[bit >> 3]! & mask)) return false;
  }
  return true;
};

/** An IP address as text (`203.0.113.7`, `2001:db8::1`, `[::1]`): its family, or null when it is not one. */
export function ipFamily(text: string): 4 | 6 | null {
  return ipv4Bytes(text) ? 4 : ipv6Bytes(text) ? 6 : null;
}

/**
 * The kind of network an IP address belongs to when a webhook may not go there, or null for a
 * public address. Only IPv6 global unicast (2000::/3) counts as public among IPv6 addresses.
 */
export function refusedRange(address: string): RefusedRange | null {
  const four = ipv4Bytes(address);
  if (four) return IPV4_REFUSED.find((range) => within(four, range))?.kind ?? null;
  const six = ipv6Bytes(address);
  if (!six) return 'reserved';
  const found = IPV6_REFUSED.find((range) => within(six, range));
  if (found) return found.kind;
  return (six[0]! & 0xe0) === 0x20 ? null : 'reserved';
}

/** Host names that only ever mean a machine on the sender's own network. */
const LOCAL_NAMES = /(?:^|\.)(?:localhost|local|localdomain|internal|intranet|lan|home|corp|private|home\.arpa)\.?$/i;

/** Why a host name (not an IP address) cannot be a webhook's, or null: one label, or a local-only name. */
export function localHostName(host: string): string | null {
  if (LOCAL_NAMES.test(host)) return 'names a machine on a local network';
  if (!host.replace(/\.$/, '').includes('.')) return 'is a single-label name (a machine on a local network)';
  return null;
}
