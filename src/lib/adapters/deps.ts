import { contentDirectory } from '../content/index.ts';
import { getSite } from '../content/site.ts';
import type { Mailer, RenderWhenLoaded, WebhookSender } from '../domain/ports.ts';
import { paths } from '../domain/routes.ts';
import type { Deps } from '../domain/deps.ts';
import { type Env, mailTransport, publicBaseUrl, readEnv } from '../env.ts';
import { createBlobStore } from './blob-store.ts';
import { createIds, systemClock } from './ids.ts';
import { createMailboxMailer, createUnconfiguredMailer } from './mailbox.ts';
import { createResendMailer } from './resend-mailer.ts';
import { createTokens } from './tokens.ts';
import { createWebhookSender } from './webhook-sender.ts';

/** The mailer the environment asks for. */
export function createMailer(env: Env): Mailer {
  const transport = mailTransport(env);
  switch (transport.kind) {
    case 'resend':
      return createResendMailer(transport);
    case 'mailbox':
      return createMailboxMailer({ dir: transport.dir });
    case 'unconfigured':
      return createUnconfiguredMailer((message) => console.error(message));
  }
}

/**
 * The webhook sender the environment asks for. In local mode (emails go to the local mailbox)
 * every provider's webhooks go to the local receiver instead, `/dev/webhooks/<slug>` on this
 * site, over loopback, as every email goes to the mailbox: a run offline posts nothing elsewhere.
 */
export function createWebhooks(env: Env, baseUrl: string): WebhookSender {
  const local = mailTransport(env).kind === 'mailbox';
  const sender = createWebhookSender({ secrets: env.webhookSecrets ?? {}, allowLoopback: local, ...(env.WEBHOOK_TIMEOUT_MS ? { timeoutMs: env.WEBHOOK_TIMEOUT_MS } : {}) });
  if (!local) return sender;
  return { secretState: sender.secretState, send: (webhook) => sender.send({ ...webhook, url: `${baseUrl}${paths.devWebhookReceiver(webhook.provider)}` }) };
}

let renderer: Promise<typeof import('./renderer.ts')> | undefined;

/**
 * Renders with the module that holds React Email, react-dom's server renderer and the wording of
 * every email, loaded on the first email rather than with the function: most of a function's code
 * by size, and only needed once the answer has gone.
 */
const lazyRender = (baseUrl: string): RenderWhenLoaded => async (content) => (await (renderer ??= import('./renderer.ts'))).rendererFor(getSite(), baseUrl)(content);

/** What the platform offers a request: Netlify's `context`, whose `waitUntil` keeps the function running after the answer. */
export type Platform = { waitUntil?: (promise: Promise<unknown>) => void };

/** The platform of an Astro page's request: on Netlify, `Astro.locals.netlify.context`. */
export const pagePlatform = (locals: object): Platform | undefined => (locals as { netlify?: { context?: Platform } }).netlify?.context;

/**
 * Builds the use cases' dependencies from the environment, per request: nothing at import
 * time (the directory of providers is the instance's, built on its first request and shared).
 * With a `platform` that can keep running after the answer, emails are sent then.
 */
export function createDeps(env: Env = readEnv(), platform?: Platform): Deps {
  const site = getSite();
  const clock = systemClock;
  const baseUrl = publicBaseUrl(env, site.baseUrl);
  return {
    store: createBlobStore(),
    mailer: createMailer(env),
    webhooks: createWebhooks(env, baseUrl),
    render: lazyRender(baseUrl),
    clock,
    ids: createIds(clock),
    tokens: createTokens(env.VOUCH_SECRET),
    directory: contentDirectory(),
    retention: site.retention,
    introductionsPerDay: site.introductionsPerDay,
    log: (line) => console.error(line),
    ...(platform?.waitUntil ? { background: platform.waitUntil.bind(platform) } : {}),
  };
}
