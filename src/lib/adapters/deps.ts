import { contentDirectory } from '../content/index.ts';
import { getSite } from '../content/site.ts';
import type { Mailer, RenderWhenLoaded } from '../domain/ports.ts';
import type { Deps } from '../domain/deps.ts';
import { type Env, mailTransport, publicBaseUrl, readEnv } from '../env.ts';
import { createBlobStore } from './blob-store.ts';
import { createIds, systemClock } from './ids.ts';
import { createMailboxMailer, createUnconfiguredMailer } from './mailbox.ts';
import { createResendMailer } from './resend-mailer.ts';
import { createTokens } from './tokens.ts';

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
  return {
    store: createBlobStore(),
    mailer: createMailer(env),
    render: lazyRender(publicBaseUrl(env, site.baseUrl)),
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
