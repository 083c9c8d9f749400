import { createDirectory } from '../content/index.ts';
import { getSite } from '../content/site.ts';
import type { Mailer } from '../domain/ports.ts';
import type { Deps } from '../domain/use-cases/deps.ts';
import { createRenderer } from '../email/templates.ts';
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

/** Builds the use cases' dependencies from the environment, per request: nothing at import time. */
export function createDeps(env: Env = readEnv()): Deps {
  const site = getSite();
  const clock = systemClock;
  return {
    store: createBlobStore(),
    mailer: createMailer(env),
    render: createRenderer(site, publicBaseUrl(env, site.baseUrl)),
    clock,
    ids: createIds(clock),
    tokens: createTokens(env.VOUCH_SECRET),
    directory: createDirectory(),
    retention: site.retention,
  };
}
