import { z } from 'zod';
import { WEBHOOK_SECRET_NAME } from './domain/webhook-endpoint.ts';

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

/** Every environment variable Vouch reads; documented in `.env.example` and the README. */
export const Env = z.object({
  /** Resend API key; without it, emails go to the local mailbox (locally) or wait in the outbox (deployed). */
  RESEND_API_KEY: optional(z.string().trim()),
  /** Another address for Resend's API (a local server that speaks it, in tests). */
  RESEND_BASE_URL: optional(z.url()),
  /** Folder of the local mailbox; setting it turns the mailbox on when there is no Resend key. */
  MAILBOX_DIR: optional(z.string()),
  /** Base of every link in emails, overriding `baseUrl` in content/site.json (npm start sets the local address). */
  VOUCH_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  /** How long to wait for the mail API before a send counts as failed (ms, default 10000). */
  MAIL_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(30_000)),
  /** How long a webhook's receiver has to answer 2xx before the post counts as failed (ms, default 10000). */
  WEBHOOK_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(30_000)),
  /** Secret (32+ characters) that signs links in emails, the dashboard session and the forms' time stamps; set it on a deployed site. */
  VOUCH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  /** Signing secret of the Resend webhook (`whsec_…`); without it, bounce and complaint reports are refused. */
  RESEND_WEBHOOK_SECRET: optional(z.string().trim().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be the whsec_… signing secret Resend shows for the webhook')),
  /** Seconds a person takes at least to fill in a form; faster posts are asked to send again (default 3). */
  FORM_MIN_SECONDS: optional(z.coerce.number().min(0).max(60)),
  /** Set by Netlify's local tooling; turns the mailbox on when there is no Resend key. */
  NETLIFY_DEV: optional(z.string()),
  NETLIFY_LOCAL: optional(z.string()),
});

/** A webhook's signing secret as Standard Webhooks has it: whsec_ and 24 to 64 random bytes in base64. */
const WebhookSecret = z
  .string()
  .trim()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  });

/**
 * The webhook secrets the environment holds: every `WEBHOOK_SECRET_<NAME>` set, by name (a
 * provider's content file names its own), null for one that is not a whsec_ secret. A bad one
 * does not stop the site: that provider's events are not recorded, and the dashboard says why.
 */
function webhookSecretsIn(source: Record<string, string | undefined>): Record<string, string | null> {
  const secrets: Record<string, string | null> = {};
  // Names first: reading every value of process.env is what costs (each is a call into the runtime).
  for (const name of Object.keys(source)) {
    if (!WEBHOOK_SECRET_NAME.test(name)) continue;
    const value = source[name];
    if (!value?.trim()) continue;
    const parsed = WebhookSecret.safeParse(value);
    secrets[name] = parsed.success ? parsed.data : null;
  }
  return secrets;
}

/** The environment as parsed: the variables above, and the webhook secrets (`WEBHOOK_SECRET_<NAME>`; none when left out). */
export type Env = z.infer<typeof Env> & { webhookSecrets?: Record<string, string | null> };

/** Where emails go, decided once from the environment. */
export type MailTransport =
  | { kind: 'resend'; apiKey: string; baseUrl?: string; timeoutMs?: number }
  | { kind: 'mailbox'; dir: string }
  | { kind: 'unconfigured' };

/** Parses the environment; a malformed variable is a configuration error naming the variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = Env.safeParse(source);
  if (parsed.success) return { ...parsed.data, webhookSecrets: webhookSecretsIn(source) };
  const names = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment: ${names.join('; ')}`);
}

let processEnv: Env | undefined;

/**
 * This process's environment, parsed once, for what every page asks for (its links' base, whether
 * emails go to the local mailbox): a build's environment does not change while it runs, nor a
 * function instance's, and a 10,000-provider build renders 30,000 pages.
 */
export const currentEnv = (): Env => (processEnv ??= readEnv());

/** The public address every absolute link starts with (emails, link previews, canonical URLs): `VOUCH_BASE_URL`, else the site's `baseUrl`. */
export const publicBaseUrl = (env: Env, siteBaseUrl: string): string => env.VOUCH_BASE_URL?.replace(/\/+$/, '') ?? siteBaseUrl;

/** The mail transport the environment asks for. */
export function mailTransport(env: Env): MailTransport {
  if (env.RESEND_API_KEY) {
    return {
      kind: 'resend',
      apiKey: env.RESEND_API_KEY,
      ...(env.RESEND_BASE_URL ? { baseUrl: env.RESEND_BASE_URL } : {}),
      ...(env.MAIL_TIMEOUT_MS ? { timeoutMs: env.MAIL_TIMEOUT_MS } : {}),
    };
  }
  if (env.MAILBOX_DIR) return { kind: 'mailbox', dir: env.MAILBOX_DIR };
  if (env.NETLIFY_DEV === 'true' || env.NETLIFY_LOCAL === 'true') return { kind: 'mailbox', dir: '.vouch/mailbox' };
  return { kind: 'unconfigured' };
}
