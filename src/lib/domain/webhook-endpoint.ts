import { z } from 'zod';
import { ipFamily, localHostName, refusedRange } from './ip-ranges.ts';

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
